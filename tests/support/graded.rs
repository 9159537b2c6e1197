//! Random protocols with graded items and tiers, for the generated code's
//! equivalence tests (Rust and JavaScript against the evaluator).

use super::branching::xorshift;

/// A random scored group with one graded item (2 to 4 grades, points that never
/// go down, sometimes `alone` on the top grade) and a tier of one or two factors
/// (and sometimes a plain factor), levels low/medium/high, sometimes a `floor`
/// that reads the graded item; three tracks on its levels or its grades (`is`,
/// `at_least`), each preceding the ones after it. Small, so every case can be tried.
pub fn graded_protocol(seed: &mut u64) -> String {
    let mut pick = |n: u64| (xorshift(seed) % n) as usize;
    let grades = 2 + pick(3);
    let names: Vec<String> = (0..grades).map(|g| format!("g{g}")).collect();
    let mut text = String::from(
        "protocol p { title \"T\" jurisdiction \"J\" audience \"A\" version \"1\" effective 2024-01-01 }\n\
         signal concern \"Concern\"\n\
         criteria domains \"Domains\" {\n  level low \"Low\" from 0 to 2\n  level medium \"Medium\" from 3 to 5\n  \
         level high \"High\" from 6\n  met_when at_least medium\n  graded item \"Item\" {\n",
    );
    let mut points = 0;
    for (g, name) in names.iter().enumerate() {
        points += pick(3);
        let alone = if g + 1 == grades && pick(3) == 0 {
            " alone high"
        } else {
            ""
        };
        text.push_str(&format!(
            "    grade {name} \"Grade {name}\" points {points}{alone}\n"
        ));
    }
    text.push_str(&format!("  }}\n  tier \"Tier\" points {} {{\n", 1 + pick(3)));
    for f in 0..1 + pick(2) {
        text.push_str(&format!("    factor tf{f} \"Tier factor {f}\"\n"));
    }
    text.push_str("  }\n");
    if pick(2) == 0 {
        text.push_str(&format!("  factor plain \"Plain\" points {}\n", 1 + pick(3)));
    }
    if pick(2) == 0 {
        text.push_str(&format!(
            "  floor medium when item at_least {} and concern\n",
            names[1 + pick(grades as u64 - 1)]
        ));
    }
    text.push_str("}\n");
    let test = |pick: &mut dyn FnMut(u64) -> usize| -> String {
        let grade = &names[pick(grades as u64)];
        match pick(6) {
            0 => "domains is low".to_string(),
            1 => "domains is medium".to_string(),
            2 => "domains at_least high".to_string(),
            3 => format!("item is {grade}"),
            4 => format!("item at_least {grade}"),
            _ => "domains".to_string(),
        }
    };
    for t in 0..3 {
        let first = test(&mut pick);
        let when = match pick(3) {
            0 => first,
            1 => format!("{first} and {}", test(&mut pick)),
            _ => format!("{first} or {}", test(&mut pick)),
        };
        let later: Vec<String> = (t + 1..3).map(|l| format!("t{l}")).collect();
        let precedes = if later.is_empty() {
            String::new()
        } else {
            format!("  precedes {}\n", later.join(", "))
        };
        text.push_str(&format!(
            "track t{t} \"Track {t}\" {{\n  when {when}\n{precedes}  step s \"Step\"\n}}\n"
        ));
    }
    text
}
