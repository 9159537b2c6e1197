//! The fixed part of every generated JavaScript module: `assess(observations)`,
//! which decides as protocolc's evaluator (src/evaluate/: decide.rs, walk.rs,
//! assess.rs) and returns the object `protocolc eval --json` prints, read from the
//! `RULES` constant the generator writes above it (src/emit/js/rules.rs).
//! protocolc copies it in without these `//!` lines. It must never contain the
//! text that ends an HTML script element or opens an HTML comment.

const ANSWERS = Object.freeze(["yes", "no", "unclear"]);
const OBSERVATION_KEYS = Object.freeze(["factors", "possible", "signals", "values", "answers"]);
const LARGEST = 4294967295;

const FACTOR_IDS = RULES.factors.map((f) => f.id);
// The factors staff tick: those worked out from inputs (a grade's among them) are never suggested.
const TICKED_IDS = RULES.factors.filter((f) => f.derived === null).map((f) => f.id);
const INPUT_IDS = RULES.inputs.map((i) => i.id);
const QUESTION_IDS = RULES.questions.map(([t, s]) => RULES.tracks[t].steps[s].id);
const FACTOR_BY_ID = idMap(FACTOR_IDS);
const SIGNAL_BY_ID = idMap(RULES.signals);
const INPUT_BY_ID = idMap(INPUT_IDS);
const QUESTION_BY_ID = idMap(QUESTION_IDS);

/** Every question, in file order: its id, its track's id, its text and the answers it takes. */
export const questions = deepFreeze(
  RULES.questions.map(([t, s]) => {
    const step = RULES.tracks[t].steps[s];
    return {
      id: step.id,
      track: RULES.tracks[t].id,
      text: step.text,
      answers: answersOf(step.question),
      unclear_counts_as: step.question.unclear_counts_as,
      select_all: step.question.select_all === null ? null : RULES.criteria[step.question.select_all].id,
    };
  }),
);

/**
 * Assesses observations `{factors, possible, signals, values, answers}` (each
 * optional; ids as in the protocol's JSON) and returns what `protocolc eval --json`
 * prints for them. Throws a TypeError, naming every problem, for an unknown id, a
 * factor worked out from inputs, a value that is not a whole number or is out of
 * its input's range, or an answer the question does not take ("yes", "no" or
 * "unclear", or the id of one of its choices).
 */
export function assess(observations) {
  const seen = observe(observations);
  return assessment(seen, decide(seen));
}

/**
 * The answers a question takes: yes, no and unclear, or its choices' ids; none for
 * a select-all question, whose answer is worked out from its group's factors.
 */
function answersOf(question) {
  if (question.select_all !== null) return [];
  return question.choices === null ? [...ANSWERS] : question.choices.map(([id]) => id);
}

function deepFreeze(value) {
  if (value !== null && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

function idMap(ids) {
  const map = new Map();
  ids.forEach((id, i) => {
    if (!map.has(id)) map.set(id, i);
  });
  return map;
}

// ------------------------------------------------------------ observations ----

function observe(observations) {
  const given = observations === undefined || observations === null ? {} : observations;
  if (typeof given !== "object" || Array.isArray(given)) {
    throw new TypeError("assess takes an object: {factors, possible, signals, values, answers}");
  }
  for (const key of Object.keys(given)) {
    if (!OBSERVATION_KEYS.includes(key)) {
      throw new TypeError(
        `assess does not read \`${key}\`: it reads factors, possible, signals, values and answers`,
      );
    }
  }
  const seen = {
    factors: RULES.factors.map(() => "no"),
    signals: RULES.signals.map(() => false),
    values: RULES.inputs.map(() => null),
    answers: RULES.questions.map(() => null),
  };
  const problems = [];
  for (const [key, answer] of [
    ["factors", "yes"],
    ["possible", "possible"],
  ]) {
    for (const id of idList(given, key)) {
      const i = FACTOR_BY_ID.get(id);
      if (i === undefined) {
        problems.push(unknown("factor", id, TICKED_IDS));
      } else if (RULES.factors[i].derived !== null) {
        problems.push(
          `factor \`${id}\` is worked out from the protocol's inputs; give their values instead`,
        );
      } else {
        seen.factors[i] = answer;
      }
    }
  }
  for (const id of idList(given, "signals")) {
    const i = SIGNAL_BY_ID.get(id);
    if (i === undefined) problems.push(unknown("signal", id, RULES.signals));
    else seen.signals[i] = true;
  }
  for (const [id, value] of entries(given, "values")) {
    const i = INPUT_BY_ID.get(id);
    const scale = i === undefined ? null : RULES.inputs[i].scale;
    if (i === undefined) {
      problems.push(unknown("input", id, INPUT_IDS));
    } else if (scale !== null) {
      // A scale's value by its id; the rules compare its position.
      const at = scale.indexOf(value);
      if (at < 0) {
        const written = String(value);
        problems.push(`scale \`${id}\` has no value \`${written}\`; ${hint("value", written, scale)}`);
      } else {
        seen.values[i] = at;
      }
    } else if (!Number.isInteger(value) || value < 0 || value > LARGEST) {
      problems.push(`input \`${id}\`: \`${String(value)}\` is not a whole number`);
    } else {
      const range = RULES.inputs[i].range;
      if (range !== null && (value < range[0] || value > range[1])) {
        problems.push(
          `input \`${id}\` goes from ${range[0]} to ${range[1]}, so it cannot be ${value}`,
        );
      } else {
        seen.values[i] = value;
      }
    }
  }
  // As eval: answers are read once the rest is known to be right.
  if (problems.length > 0) throw new TypeError(problems.join("\n"));
  for (const [id, word] of entries(given, "answers")) {
    const q = QUESTION_BY_ID.get(id);
    const asked = q === undefined ? null : questionOf(q);
    if (asked !== null && asked.select_all !== null) {
      problems.push(
        `question \`${id}\` is answered by ticking the factors of \`${RULES.criteria[asked.select_all].id}\`: give the ticked factors instead`,
      );
      continue;
    }
    const choices = asked === null ? null : asked.choices;
    const taken = asked === null ? ANSWERS : answersOf(asked);
    const answer = taken.includes(word) ? word : null;
    if (answer === null) {
      problems.push(
        choices === null
          ? `\`${String(word)}\` is not an answer: write yes, no or unclear`
          : `\`${String(word)}\` is not a choice of question \`${id}\`: pick one of ${choices
              .map(([c]) => `\`${c}\``)
              .join(", ")}`,
      );
    }
    if (q === undefined) problems.push(unknown("question", id, QUESTION_IDS));
    else if (answer !== null) seen.answers[q] = answer;
  }
  if (problems.length > 0) throw new TypeError(problems.join("\n"));
  return seen;
}

/** The ids listed under `key`: none when absent. */
function idList(given, key) {
  const list = given[key];
  if (list === undefined || list === null) return [];
  if (!Array.isArray(list) || !list.every((id) => typeof id === "string")) {
    throw new TypeError(`\`${key}\` must be an array of ids (strings)`);
  }
  return list;
}

/** The `id: value` pairs under `key` that are given (a null or undefined value is not). */
function entries(given, key) {
  const object = given[key];
  if (object === undefined || object === null) return [];
  if (typeof object !== "object" || Array.isArray(object)) {
    throw new TypeError(`\`${key}\` must be an object: {id: ${key === "values" ? "number" : "answer"}}`);
  }
  return Object.entries(object).filter(([, v]) => v !== undefined && v !== null);
}

/** As protocolc says it (src/evaluate/observations.rs): the id is unknown, and the closest known one or the known ones. */
function unknown(kind, id, known) {
  if (known.length === 0) return `this protocol has no ${kind}s, so \`${id}\` cannot be one`;
  return `this protocol has no ${kind} \`${id}\`; ${hint(kind, id, known)}`;
}

/** "did you mean `x`?", or the known ids listed (src/suggest.rs `hint`). */
function hint(kind, id, known) {
  const best = closest(id, known);
  return best !== null
    ? `did you mean \`${best}\`?`
    : `its ${kind}s are ${[...new Set(known)].map((k) => `\`${k}\``).join(", ")}`;
}

/** The known id closest to `word`, if it is close enough to be a likely typo (src/suggest.rs). */
function closest(word, known) {
  const limit = Math.max(Math.floor([...word].length / 3), 1);
  const bytes = new TextEncoder().encode(word).length;
  let best = null;
  let bestDistance = Infinity;
  for (const candidate of known) {
    if (candidate === word) continue;
    const d = editDistance(word, candidate);
    if (!(d <= limit || (candidate.startsWith(word) && bytes >= 3))) continue;
    if (d < bestDistance || (d === bestDistance && candidate < best)) {
      best = candidate;
      bestDistance = d;
    }
  }
  return best;
}

/** Damerau-Levenshtein distance over characters: edits, with swaps of any two characters. */
function editDistance(a, b) {
  const x = [...a];
  const y = [...b];
  if (x.length === 0) return y.length;
  if (y.length === 0) return x.length;
  const width = y.length + 2;
  const d = new Array((x.length + 2) * width).fill(0);
  const at = (i, j) => i * width + j;
  const most = x.length + y.length;
  d[0] = most;
  for (let i = 0; i <= x.length; i++) {
    d[at(i + 1, 0)] = most;
    d[at(i + 1, 1)] = i;
  }
  for (let j = 0; j <= y.length; j++) {
    d[at(0, j + 1)] = most;
    d[at(1, j + 1)] = j;
  }
  const lastRow = new Map();
  for (let i = 1; i <= x.length; i++) {
    let lastColumn = 0;
    for (let j = 1; j <= y.length; j++) {
      const k = lastRow.get(y[j - 1]) ?? 0;
      const insertion = d[at(i, j + 1)] + 1;
      const deletion = d[at(i + 1, j)] + 1;
      const swap = d[at(k, lastColumn)] + (i - k - 1) + 1 + (j - lastColumn - 1);
      let substitution = d[at(i, j)] + 1;
      if (x[i - 1] === y[j - 1]) {
        lastColumn = j;
        substitution -= 1;
      }
      d[at(i + 1, j + 1)] = Math.min(substitution, insertion, deletion, swap);
    }
    lastRow.set(x[i - 1], i);
  }
  return d[at(x.length + 1, y.length + 1)];
}

// ---------------------------------------------------------------- triggers ----

/** Whether trigger `t` holds over what is known (`known`: seen, met, levels). */
function holds(t, known) {
  switch (t[0]) {
    case "criteria":
      return known.met[t[1]] === true;
    case "signal":
      return known.seen.signals[t[1]] === true;
    case "compare": {
      const v = known.seen.values[t[1]];
      if (v === null) return false;
      const n = t[3];
      switch (t[2]) {
        case "<":
          return v < n;
        case "<=":
          return v <= n;
        case ">":
          return v > n;
        case ">=":
          return v >= n;
        default:
          return v === n;
      }
    }
    case "level": {
      const l = known.levels[t[1]];
      if (l === null) return false;
      return t[2] ? l >= t[3] : l === t[3];
    }
    case "answer": {
      const a = known.seen.answers[t[1]];
      return a === t[2] || (t[3] && a === "unclear");
    }
    case "not":
      return !holds(t[1], known);
    case "all":
      return t[1].every((inner) => holds(inner, known));
    default:
      return t[1].some((inner) => holds(inner, known));
  }
}

// ---------------------------------------------------------------- decision ----

/** A factor's effective answer: "no" where its `only_when` does not hold, else `givenAnswer`. */
function answerOf(f, known) {
  return applicable(RULES.factors[f], known) ? givenAnswer(f, known) : "no";
}

/** A factor's answer before its `only_when` is read: worked out from its `when` if it has one. */
function givenAnswer(f, known) {
  const factor = RULES.factors[f];
  if (factor.derived !== null) return holds(factor.derived, known) ? "yes" : "no";
  return known.seen.factors[f];
}

/** Whether a factor applies: its `only_when` holds (always, without one). */
function applicable(factor, known) {
  return factor.only_when === undefined || holds(factor.only_when, known);
}

function countsAsPresent(answer, group) {
  return answer === "yes" || (answer === "possible" && group.possible_counts_as_yes);
}

function possiblePoints(factor, group) {
  if (factor.possible !== null) return factor.possible;
  return group.possible_counts_as_yes ? factor.points : 0;
}

/** The higher of two levels, where `null` (no level) is below every level. */
function higher(a, b) {
  if (a === null) return b;
  if (b === null) return a;
  return Math.max(a, b);
}

function levelOfTotal(group, total) {
  const i = group.scoring.levels.findIndex(
    // A level without a range (`from` null) is set only by a rule, never by a total.
    (l) => l.from !== null && total >= l.from && (l.to === null || total <= l.to),
  );
  return i < 0 ? null : i;
}

function groupVerdict(c, known) {
  const group = RULES.criteria[c];
  const applies = group.applies_when === null || holds(group.applies_when, known);
  let total = 0;
  // null, "meets", or a level: what the factors that count do alone.
  let alone = null;
  for (const f of group.factors) {
    const factor = RULES.factors[f];
    const answer = answerOf(f, known);
    const counts = countsAsPresent(answer, group);
    let points;
    if (answer === "no") points = 0;
    else if (group.scoring === null) points = counts ? 1 : 0;
    else if (answer === "yes") points = factor.points;
    else points = possiblePoints(factor, group);
    total = Math.min(total + points, LARGEST);
    if (counts) {
      const own = factor.alone;
      if (typeof alone === "number" && typeof own === "number") alone = Math.max(alone, own);
      else if (alone === null) alone = own;
    }
  }
  if (!applies) return { met: false, level: null, total, applies };
  const threshold = group.threshold;
  if (group.scoring !== null) {
    let level = levelOfTotal(group, total);
    if (typeof alone === "number") level = higher(level, alone);
    let forced = null;
    for (const rule of group.scoring.overrides) {
      if (holds(rule.when, known)) {
        if (rule.force) forced = higher(forced, rule.level);
        else level = higher(level, rule.level);
      }
    }
    if (forced !== null) level = forced;
    const met =
      "level" in threshold
        ? level !== null && level >= threshold.level
        : total >= threshold.count;
    return { met, level, total, applies };
  }
  const met = "count" in threshold && (total >= threshold.count || alone === "meets");
  return { met, level: null, total, applies };
}

/** Each group's verdict, then the tracks applied and superseded (as positions). */
function decide(seen) {
  const n = RULES.criteria.length;
  const known = {
    seen,
    met: new Array(n).fill(false),
    levels: new Array(n).fill(null),
  };
  const totals = new Array(n).fill(0);
  const applies = new Array(n).fill(true);
  for (const c of RULES.criteria_order) {
    const verdict = groupVerdict(c, known);
    known.met[c] = verdict.met;
    known.levels[c] = verdict.level;
    totals[c] = verdict.total;
    applies[c] = verdict.applies;
  }
  const triggered = RULES.tracks.map((t) => holds(t.trigger, known));
  const applied = [];
  const superseded = [];
  for (const t of RULES.precedence) {
    if (!triggered[t]) continue;
    const by = RULES.tracks[t].superseded_by.filter((above) => triggered[above]);
    if (by.length === 0) {
      applied.push(t);
    } else {
      const byApplied = by.filter((b) => applied.includes(b));
      superseded.push([t, byApplied.length === 0 ? by : byApplied]);
    }
  }
  return { known, totals, applies, applied, superseded };
}

// -------------------------------------------------------------------- walk ----

/** The route an answer takes; null for "unclear" with no `unclear_counts_as`. */
function routeOf(question, answer) {
  if (question.choices !== null) {
    const choice = question.choices.find(([id]) => id === answer);
    return choice === undefined ? null : choice[1];
  }
  if (answer === "yes") return question.yes;
  if (answer === "no") return question.no;
  if (question.unclear_counts_as === "yes") return question.yes;
  if (question.unclear_counts_as === "no") return question.no;
  return null;
}

function passedOver(step, known) {
  return (
    (step.skip_when !== null && holds(step.skip_when, known)) ||
    (step.only_when !== null && !holds(step.only_when, known))
  );
}

/**
 * The path through the applied tracks' steps: entries `[track, step, visit]`, where
 * visit is `{done: deadline position or null}`, `{skipped: true}` or `{answered: answer}`;
 * and how it ended: `{finished: true}`, `{ended: [track, step]}` or `{waiting: [track, step]}`.
 */
function walk(decision) {
  const known = decision.known;
  const walked = RULES.tracks.map(() => false);
  const path = [];
  for (const start of decision.applied) {
    let track = start;
    walking: while (!walked[track]) {
      walked[track] = true;
      const steps = RULES.tracks[track].steps;
      let i = 0;
      while (i < steps.length) {
        const step = steps[i];
        if (passedOver(step, known)) {
          path.push([track, i, { skipped: true }]);
          i += 1;
          continue;
        }
        if (step.question === null) {
          const d = step.deadlines_when.findIndex((dl) => holds(dl.when, known));
          path.push([track, i, { done: d < 0 ? null : d }]);
          if (step.ends_track) break walking;
          if (step.end !== null) return { path, end: { ended: [track, i] } };
          i += 1;
          continue;
        }
        const group = step.question.select_all;
        const answer =
          group === null ? known.seen.answers[questionAt(track, i)] : known.met[group] ? "yes" : "no";
        const route = answer === null ? null : routeOf(step.question, answer);
        if (route === null) return { path, end: { waiting: [track, i] } };
        path.push([track, i, { answered: answer }]);
        switch (route[0]) {
          case "next":
            i += 1;
            break;
          case "goto":
            i = route[1];
            break;
          case "end":
            return { path, end: { ended: [track, i] } };
          case "end_track":
            break walking;
          default:
            track = route[1];
            continue walking;
        }
      }
      break;
    }
  }
  return { path, end: { finished: true } };
}

/** The question (its step's `question`) at a position among the questions. */
function questionOf(q) {
  const [t, s] = RULES.questions[q];
  return RULES.tracks[t].steps[s].question;
}

function questionAt(track, step) {
  return RULES.questions.findIndex(([t, s]) => t === track && s === step);
}

// -------------------------------------------------------------- assessment ----

function pointsNoun(n) {
  return n === 1 ? "point" : "points";
}

/** One group's verdict in words, with the keys and order `eval --json` prints. */
function verdict(c, decision) {
  const known = decision.known;
  const group = RULES.criteria[c];
  const applies = decision.applies[c];
  const level = known.levels[c];
  const total = decision.totals[c];
  const levelId = (l) => group.scoring.levels[l]?.id ?? "?";
  const matched = [];
  const possible = [];
  const notApplicable = [];
  const because = [];
  const alone = [];
  for (const f of group.factors) {
    const factor = RULES.factors[f];
    const answer = answerOf(f, known);
    if (!applicable(factor, known)) {
      notApplicable.push(factor.id);
      if (givenAnswer(f, known) !== "no") {
        because.push(`${factor.id} not applicable: ${factor.only_when_text} does not hold`);
      }
    }
    if (countsAsPresent(answer, group) && factor.alone !== null) alone.push(factor);
    if (answer === "yes") matched.push(factor.id);
    else if (answer === "possible") possible.push(factor.id);
    else continue;
    const workedOut = factor.derived === null ? "" : ` (worked out: ${factor.derived_text})`;
    if (group.scoring !== null) {
      const points = answer === "yes" ? factor.points : possiblePoints(factor, group);
      because.push(
        factor.grade_text === undefined
          ? `${factor.id} ${answer}${workedOut}: ${points} ${pointsNoun(points)}`
          : `${factor.grade_text} (${points} ${pointsNoun(points)})`,
      );
    } else if (workedOut !== "") {
      because.push(`${factor.id} ${answer}${workedOut}`);
    }
  }
  if (group.applies_when !== null && !applies) {
    because.push(`does not apply: ${group.applies_when_text} does not hold`);
  }
  if (group.outcome) {
    let any = false;
    for (const rule of group.scoring.overrides) {
      if (holds(rule.when, known)) {
        any = true;
        because.push(`set ${levelId(rule.level)} because ${rule.when_text}`);
      }
    }
    because.push(
      level === null
        ? "no rule holds: not set"
        : any
          ? `the highest value set wins: ${levelId(level)}`
          : `no rule holds: otherwise ${levelId(level)}`,
    );
  } else if (group.scoring !== null && applies) {
    const fromTotal = levelOfTotal(group, total);
    because.push(
      fromTotal === null
        ? `total ${total} is in no level's range`
        : `total ${total} is in ${levelId(fromTotal)}`,
    );
    for (const factor of alone) {
      if (typeof factor.alone === "number") {
        because.push(`${factor.id} alone rates at least ${levelId(factor.alone)}`);
      }
    }
    for (const rule of group.scoring.overrides) {
      if (holds(rule.when, known)) {
        because.push(
          `${rule.force ? "forced to" : "at least"} ${levelId(rule.level)} because ${rule.when_text}`,
        );
      }
    }
  } else if (group.scoring === null && applies) {
    for (const factor of alone) {
      if (factor.alone === "meets") because.push(`${factor.id} alone is enough`);
    }
    if (group.possible_counts_as_yes && possible.length > 0) {
      because.push('"possible" answers count as yes');
    }
  }
  const out = { id: group.id, met: known.met[c] };
  if ("count" in group.threshold) out.threshold = group.threshold.count;
  out.applies = applies;
  if (applies) out.total = total;
  if (level !== null) out.level = levelId(level);
  out.matched = matched;
  if (possible.length > 0) out.possible = possible;
  if (notApplicable.length > 0) out.not_applicable = notApplicable;
  out.because = because;
  return out;
}

/** The outcome of the `end track` a visit took, if it took one. */
function trackEnded(step, visit) {
  if ("done" in visit && step.ends_track) return step.end;
  if ("answered" in visit) {
    const route = routeOf(step.question, visit.answered);
    if (route !== null && route[0] === "end_track") return route[1];
  }
  return null;
}

/** The outcome a walk ended with at a step: its `end`, or the `end` its answer took. */
function outcome(path, [track, i]) {
  const step = RULES.tracks[track].steps[i];
  if (step.end !== null) return step.end;
  const entry = path.find(([t, s, visit]) => t === track && s === i && "answered" in visit);
  if (entry === undefined || step.question === null) return "";
  const route = routeOf(step.question, entry[2].answered);
  return route !== null && route[0] === "end" ? route[1] : "";
}

function assessment(seen, decision) {
  const walked = walk(decision);
  const criteria = RULES.criteria.map((_, c) => verdict(c, decision));
  const values = Object.fromEntries(
    RULES.values_order.map((i) => {
      const { id, scale } = RULES.inputs[i];
      const v = seen.values[i];
      return [id, scale !== null && v !== null ? scale[v] : v];
    }),
  );
  const signals = RULES.signals.filter((_, i) => seen.signals[i]);
  const tracks = decision.applied.map((t) => {
    const track = RULES.tracks[t];
    return {
      id: track.id,
      title: track.title,
      because: track.trigger_text,
      steps: track.steps.map((s) => ({ id: s.id, condition: s.condition, text: s.text })),
    };
  });
  const superseded = decision.superseded.map(([t, by]) => ({
    id: RULES.tracks[t].id,
    by: by.map((b) => RULES.tracks[b].id),
  }));
  const path = walked.path.map(([t, i, visit]) => {
    const step = RULES.tracks[t].steps[i];
    let deadline = null;
    if ("done" in visit) {
      deadline = visit.done === null ? step.deadline : step.deadlines_when[visit.done].text;
    }
    const entry = {
      track: RULES.tracks[t].id,
      step: step.id,
      what: "done" in visit ? "done" : "skipped" in visit ? "skipped" : "answered",
      answer: "answered" in visit ? visit.answered : null,
      deadline,
      text: step.text,
    };
    const ended = trackEnded(step, visit);
    if (ended !== null) entry.track_ended = ended;
    return entry;
  });
  let end = "finished";
  if ("ended" in walked.end) {
    const [t, i] = walked.end.ended;
    end = {
      ended: {
        track: RULES.tracks[t].id,
        step: RULES.tracks[t].steps[i].id,
        outcome: outcome(walked.path, walked.end.ended),
      },
    };
  } else if ("waiting" in walked.end) {
    const [t, i] = walked.end.waiting;
    end = {
      waiting: {
        track: RULES.tracks[t].id,
        question: RULES.tracks[t].steps[i].id,
        unclear: seen.answers[questionAt(t, i)] === "unclear",
      },
    };
  }
  return { criteria, values, signals, tracks, superseded, path, end };
}
