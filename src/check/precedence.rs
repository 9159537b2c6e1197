//! Precedence between tracks: each track can apply (and a warning when it always
//! does), `supersedes`/`precedes` form no circle, any two tracks that can apply
//! together are ordered; the topological order and each track's supersession chain.

use super::logic::{self, Sat};
use super::Checker;
use crate::diagnostic::{Code, Diagnostic};
use crate::model::*;
use crate::source::Span;
use crate::syntax::ast;
use std::collections::BTreeSet;

impl Checker {
    /// Checks triggers and precedence together; returns every track in precedence order.
    /// Tracks that could not be built (`None`) are left out; then no order is returned.
    pub(super) fn precedence(
        &mut self,
        decls: &[&ast::TrackDecl],
        tracks: &[Option<Track>],
    ) -> Option<Vec<TrackIdx>> {
        let n = tracks.len();
        let complete = tracks.iter().all(Option::is_some);
        let span_of = |i: usize| decls.get(i).map(|d| d.id.span).unwrap_or_default();
        let mut ok = true;
        for (i, track) in tracks.iter().enumerate() {
            let Some(track) = track else { continue };
            if logic::satisfiable(&[&track.trigger], &self.domains) == Sat::No {
                ok = false;
                self.report(
                    Diagnostic::error(
                        Code::NeverTriggers,
                        format!("track `{}` can never apply", track.id),
                    )
                    .at(
                        decls.get(i).and_then(|d| when_span(d)).unwrap_or(span_of(i)),
                        "no combination of factors and signals makes this true",
                    )
                    .help("check the `and`/`not` in its `when`: as written, it contradicts itself"),
                );
            } else if logic::tautology(&track.trigger, &self.domains) == Sat::Yes {
                self.report(
                    Diagnostic::warning(
                        Code::AlwaysTriggers,
                        format!("track `{}` applies to every student", track.id),
                    )
                    .at(
                        decls.get(i).and_then(|d| when_span(d)).unwrap_or(span_of(i)),
                        "this is true whatever is observed",
                    )
                    .help("if that is intended, ignore this; otherwise check the `or`/`not` in its `when`"),
                );
            }
        }
        // Edges: i ranks above j.
        let edges: Vec<Vec<usize>> = tracks
            .iter()
            .map(|t| {
                t.iter()
                    .flat_map(|t| t.supersedes.iter().chain(&t.precedes))
                    .map(|j| j.0)
                    .collect()
            })
            .collect();
        let order = match topological_order(&edges) {
            Ok(order) => order,
            Err(cycle) => {
                let names: Vec<String> = cycle
                    .iter()
                    .map(|&i| format!("`{}`", track_name(tracks, i)))
                    .collect();
                let mut d = Diagnostic::error(
                    Code::PrecedenceCycle,
                    format!(
                        "tracks rank above each other in a circle: {} → {}",
                        names.join(" → "),
                        names.first().cloned().unwrap_or_default()
                    ),
                );
                for (k, &i) in cycle.iter().enumerate() {
                    let label = format!(
                        "ranks above `{}`",
                        cycle
                            .get((k + 1) % cycle.len())
                            .map_or("?", |&j| track_name(tracks, j))
                    );
                    d = if k == 0 {
                        d.at(span_of(i), label)
                    } else {
                        d.also(span_of(i), label)
                    };
                }
                self.report(d.help("remove one `supersedes` or `precedes` so one track clearly comes first"));
                return None;
            }
        };
        if !complete {
            return None;
        }
        let reach = reachability(&edges);
        let ranked = |a: usize, b: usize| {
            reach.get(a).is_some_and(|r| r.contains(&b)) || reach.get(b).is_some_and(|r| r.contains(&a))
        };
        for a in 0..n {
            for b in a + 1..n {
                let (Some(Some(ta)), Some(Some(tb))) = (tracks.get(a), tracks.get(b)) else {
                    continue;
                };
                if ranked(a, b) {
                    continue;
                }
                if logic::satisfiable(&[&ta.trigger, &tb.trigger], &self.domains) == Sat::Yes {
                    ok = false;
                    self.report(
                        Diagnostic::error(
                            Code::MissingPrecedence,
                            format!("tracks `{}` and `{}` can apply to the same student, and neither ranks above the other", ta.id, tb.id),
                        )
                        .at(span_of(b), format!("can apply together with `{}`", ta.id))
                        .also(span_of(a), "this track")
                        .help(format!(
                            "say which comes first: inside track `{}` write `supersedes {}` (only `{}` is followed) or `precedes {}` (both, `{}` first)",
                            ta.id, tb.id, ta.id, tb.id, ta.id
                        )),
                    );
                }
            }
        }
        ok.then(|| order.into_iter().map(TrackIdx).collect())
    }
}

/// Fills in each track's `superseded_by`: every track that supersedes it directly
/// or through a chain, in precedence order.
pub(super) fn supersession_chains(tracks: &mut [Track], precedence: &[TrackIdx]) {
    let edges: Vec<Vec<usize>> = tracks
        .iter()
        .map(|t| t.supersedes.iter().map(|s| s.0).collect())
        .collect();
    let reach = reachability(&edges);
    for (below, track) in tracks.iter_mut().enumerate() {
        track.superseded_by = precedence
            .iter()
            .copied()
            .filter(|above| above.0 != below && reach.get(above.0).is_some_and(|r| r.contains(&below)))
            .collect();
    }
}

fn track_name(tracks: &[Option<Track>], i: usize) -> &str {
    tracks
        .get(i)
        .and_then(Option::as_ref)
        .map_or("?", |t| t.id.as_str())
}

fn when_span(decl: &ast::TrackDecl) -> Option<Span> {
    decl.fields.iter().find_map(|f| match f {
        ast::TrackField::When(w) => Some(w.value.as_ref().map_or(w.keyword, |e| w.keyword.to(e.span()))),
        _ => None,
    })
}

/// Kahn's algorithm, ties broken by file order. `Err` holds one cycle.
pub(super) fn topological_order(edges: &[Vec<usize>]) -> Result<Vec<usize>, Vec<usize>> {
    let n = edges.len();
    let mut indegree = vec![0usize; n];
    for targets in edges {
        for &j in targets {
            if let Some(d) = indegree.get_mut(j) {
                *d += 1;
            }
        }
    }
    let mut ready: BTreeSet<usize> = (0..n).filter(|&i| indegree.get(i) == Some(&0)).collect();
    let mut order = Vec::with_capacity(n);
    while let Some(i) = ready.pop_first() {
        order.push(i);
        for &j in edges.get(i).map_or(&[][..], Vec::as_slice) {
            if let Some(d) = indegree.get_mut(j) {
                *d -= 1;
                if *d == 0 {
                    ready.insert(j);
                }
            }
        }
    }
    if order.len() == n {
        return Ok(order);
    }
    // Walk from a node left in the cycle until a node repeats.
    let left: BTreeSet<usize> = (0..n).filter(|i| !order.contains(i)).collect();
    let mut path = Vec::new();
    let mut at = left.first().copied().unwrap_or(0);
    while !path.contains(&at) {
        path.push(at);
        at = edges
            .get(at)
            .and_then(|t| t.iter().copied().find(|j| left.contains(j)))
            .unwrap_or(at);
    }
    let start = path.iter().position(|&p| p == at).unwrap_or(0);
    Err(path.split_off(start))
}

/// For each node, the nodes reachable from it (transitive precedence).
pub(super) fn reachability(edges: &[Vec<usize>]) -> Vec<BTreeSet<usize>> {
    (0..edges.len())
        .map(|start| {
            let mut seen = BTreeSet::new();
            let mut stack: Vec<usize> = edges.get(start).cloned().unwrap_or_default();
            while let Some(i) = stack.pop() {
                if seen.insert(i) {
                    stack.extend(edges.get(i).map_or(&[][..], Vec::as_slice));
                }
            }
            seen
        })
        .collect()
}
