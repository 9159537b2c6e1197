// A decision engine written from docs/json.md alone: it reads only a protocol's JSON
// document and the observations, and decides which tracks are followed, each
// criteria group's verdict, and the walk through the steps. Section numbers are
// docs/json.md's. tests/json_spec.rs runs it on vectors made by protocolc's evaluator.

/** §1: observed = { factors: {id: "yes"|"possible"}, signals: [id], values: {id: n or a scale's value id}, answers: {id: "yes"|"no"|"unclear"|choice id} } */
export function decide(doc, observed) {
  const groups = new Map();
  const group = (id) => doc.criteria.find((g) => g.id === id);
  const levelIndex = (g, id) => g.levels.findIndex((l) => l.id === id);
  const signals = new Set(observed.signals);
  const max = (a, b) => (a === null ? b : b === null ? a : Math.max(a, b));

  // §2
  function holds(t) {
    const [key, v] = Object.entries(t)[0];
    switch (key) {
      case "criteria": return verdict(v).met;
      case "signal": return signals.has(v);
      case "compare": {
        const given = observed.values[v.input];
        if (given === undefined) return false;
        // A scale's values compare by their positions in its list.
        const scale = doc.inputs.find((i) => i.id === v.input).scale;
        const at = (value) => (scale === undefined ? value : scale.findIndex((s) => s.id === value));
        const [x, n] = [at(given), at(v.value)];
        return { "<": x < n, "<=": x <= n, ">": x > n, ">=": x >= n, "=": x === n }[v.op];
      }
      case "level": {
        const level = verdict(v.criteria).level;
        if (level === null) return false;
        const wanted = levelIndex(group(v.criteria), v.level);
        return v.at_least ? level >= wanted : level === wanted;
      }
      case "answer": {
        const given = observed.answers[v.question];
        return given === v.answer || (v.counts_unclear && given === "unclear");
      }
      case "not": return !holds(v);
      case "all": return v.every(holds);
      case "any": return v.some(holds);
      default: throw new Error(`unknown trigger ${key}`);
    }
  }

  // §3: worked out on demand, remembered.
  function verdict(id) {
    if (groups.has(id)) return groups.get(id);
    const g = group(id);
    const applies = g.applies_when === undefined || holds(g.applies_when);
    const possibleCounts = g.possible_counts_as_yes === true;
    const scored = g.levels !== undefined;
    let total = 0, aloneMeets = false, aloneLevel = null;
    for (const f of g.factors) {
      // §3 step 2: not applicable where its `only_when` does not hold.
      const applicable = f.only_when === undefined || holds(f.only_when);
      const answer = !applicable
        ? "no"
        : f.derived !== undefined
          ? (holds(f.derived) ? "yes" : "no")
          : (observed.factors[f.id] ?? "no");
      const counts = answer === "yes" || (answer === "possible" && possibleCounts);
      if (answer !== "no") {
        if (!scored) total += counts ? 1 : 0;
        else if (answer === "yes") total += f.points;
        else total += f.possible !== undefined ? f.possible : possibleCounts ? f.points : 0;
      }
      if (counts) {
        if (f.alone_meets) aloneMeets = true;
        if (f.alone_level !== undefined) aloneLevel = max(aloneLevel, levelIndex(g, f.alone_level));
      }
    }
    let result;
    if (!applies) {
      result = { applies, met: false, total, level: null };
    } else {
      let level = null;
      if (scored) {
        // A level without `from` holds no total: only a rule sets it.
        const inRange = g.levels.findIndex(
          (l) => l.from !== undefined && l.from <= total && (l.to === undefined || total <= l.to),
        );
        level = max(inRange === -1 ? null : inRange, aloneLevel);
        let forced = null;
        for (const o of g.overrides ?? []) {
          if (holds(o.when)) {
            const l = levelIndex(g, o.level);
            if (o.kind === "force") forced = max(forced, l);
            else level = max(level, l);
          }
        }
        if (forced !== null) level = forced;
      }
      const t = g.threshold;
      const met = t.kind === "at_least"
        ? total >= t.count || (!scored && aloneMeets)
        : level !== null && level >= levelIndex(g, t.level);
      result = { applies, met, total, level };
    }
    groups.set(id, result);
    return result;
  }

  // §4
  const track = (id) => doc.tracks.find((t) => t.id === id);
  const triggered = (id) => holds(track(id).trigger);
  const followed = [], superseded = [];
  for (const id of doc.precedence) {
    if (!triggered(id)) continue;
    const by = track(id).superseded_by.filter(triggered);
    if (by.length === 0) followed.push(id);
    else {
      const byFollowed = by.filter((b) => followed.includes(b));
      superseded.push({ id, by: byFollowed.length > 0 ? byFollowed : by });
    }
  }

  // §5
  const path = [];
  const entry = (track, step, what, answer, deadline) => ({ track, step, what, answer, deadline, track_ended: null });
  let end = "finished";
  const walked = new Set();
  walk: for (const start of followed) {
    let current = start;
    track: while (!walked.has(current)) {
      walked.add(current);
      const steps = track(current).steps;
      let i = 0;
      while (i < steps.length) {
        const step = steps[i];
        const skipped = (step.skip_when !== undefined && step.skip_when !== null && holds(step.skip_when))
          || (step.only_when !== undefined && step.only_when !== null && !holds(step.only_when));
        if (skipped) {
          path.push(entry(current, step.id, "skipped", null, null));
          i += 1;
          continue;
        }
        if (step.question === undefined) {
          const conditional = (step.deadlines_when ?? []).find((d) => holds(d.when));
          path.push(entry(current, step.id, "done", null, conditional ? conditional.text : step.deadline));
          if (step.end_track !== undefined && step.end_track !== null) {
            path[path.length - 1].track_ended = step.end_track;
            break track;
          }
          if (step.end !== undefined && step.end !== null) {
            end = { ended: { track: current, step: step.id, outcome: step.end } };
            break walk;
          }
          i += 1;
          continue;
        }
        // A select-all question: its answer is its group's verdict, never given.
        const ticked = step.question.select_all;
        const given = ticked !== undefined ? (verdict(ticked).met ? "yes" : "no") : observed.answers[step.id];
        const choices = step.question.choices;
        const routeOf = given === "unclear" && choices === undefined ? step.question.unclear_counts_as : given;
        // A question with `choices`: the route of the choice picked.
        const route =
          routeOf === undefined || routeOf === null
            ? undefined
            : choices !== undefined
              ? choices.find((c) => c.id === routeOf)?.route
              : step.question[routeOf];
        if (route === undefined) {
          end = { waiting: { track: current, question: step.id, unclear: given === "unclear" } };
          break walk;
        }
        path.push(entry(current, step.id, "answered", given, null));
        const [kind, to] = Object.entries(route)[0];
        if (kind === "next") i += 1;
        else if (kind === "goto") i = steps.findIndex((s) => s.id === to);
        else if (kind === "end") {
          end = { ended: { track: current, step: step.id, outcome: to } };
          break walk;
        } else if (kind === "end_track") {
          path[path.length - 1].track_ended = to;
          break track;
        } else if (kind === "track") {
          current = to;
          continue track;
        } else throw new Error(`unknown route ${kind}`);
      }
      break;
    }
  }

  const criteria = doc.criteria.map((g) => {
    const v = verdict(g.id);
    return {
      id: g.id, met: v.met, applies: v.applies,
      total: v.applies ? v.total : null,
      level: v.level === null ? null : g.levels[v.level].id,
    };
  });
  return { tracks: followed, superseded, criteria, path, end };
}
