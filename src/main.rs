//! The `protocolc` binary: hands the command line to [`protocolc::cli::run`] and exits with its code.

fn main() {
    std::process::exit(protocolc::cli::run());
}
