// The screening page's behaviour. protocolc inlines it after the generated rule
// module, whose exports it reads as `rules` (`rules.assess`). It reads what
// staff ticked, asks the rule module, and shows the answer by showing, hiding
// and ordering the page's own pre-written pieces (templates/screen.html.j2): it
// writes no sentence of its own, only numbers and the protocol's own texts (a
// deadline, an outcome, a track's title). Nothing is stored or sent.

const page = document;
const store = page.getElementById("store");

/** Every element with `data-NAME`, by the attribute's value. */
function byData(name) {
  const found = new Map();
  for (const element of page.querySelectorAll(`[data-${name}]`)) {
    found.set(element.getAttribute(`data-${name}`), element);
  }
  return found;
}

const trackCards = byData("track");
const supersededCards = byData("superseded");
const stepItems = byData("step");
const verdicts = byData("verdict");
const workedOut = byData("worked-out");
const valueFields = [...page.querySelectorAll("[data-input]")];
const questionCount = new Set(
  [...page.querySelectorAll("input[data-answer]")].map((radio) => radio.dataset.answer),
).size;

/** Shows the parts of `element` marked `data-shows="WHAT"` for the `shown` ones. */
function showParts(element, shown) {
  for (const part of element.querySelectorAll("[data-shows]")) {
    part.hidden = !shown.includes(part.dataset.shows);
  }
}

/**
 * An input's value: a whole number in its range (a scale's value id, picked from
 * its list), `null` when empty, `NaN` when not valid.
 */
function valueOf(field) {
  if (field.tagName === "SELECT") return field.value === "" ? null : field.value;
  const text = field.value.trim();
  if (text === "") return field.validity.badInput ? NaN : null;
  if (!/^[0-9]+$/.test(text)) return NaN;
  const value = Number(text);
  const min = field.min === "" ? 0 : Number(field.min);
  const max = field.max === "" ? 4294967295 : Number(field.max);
  return value >= min && value <= max ? value : NaN;
}

/** What is ticked and entered, as the rule module takes it. */
function observed() {
  const seen = { factors: [], possible: [], signals: [], values: {}, answers: {} };
  for (const box of page.querySelectorAll("input[data-factor]:checked")) {
    if (box.value === "possible") seen.possible.push(box.dataset.factor);
    else if (box.value !== "no") seen.factors.push(box.dataset.factor);
  }
  for (const box of page.querySelectorAll("input[data-signal]:checked")) {
    seen.signals.push(box.dataset.signal);
  }
  for (const field of valueFields) {
    const value = valueOf(field);
    field.setAttribute("aria-invalid", String(Number.isNaN(value)));
    if (value !== null && !Number.isNaN(value)) seen.values[field.dataset.input] = value;
  }
  for (const radio of page.querySelectorAll("input[data-answer]:checked")) {
    seen.answers[radio.dataset.answer] = radio.value;
  }
  return seen;
}

/** The questions the walk reached: answered on its way, or waiting for an answer. */
function reached(result) {
  const questions = new Set(result.path.filter((p) => p.what === "answered").map((p) => p.step));
  if (result.end.waiting) questions.add(result.end.waiting.question);
  return questions;
}

/**
 * Assesses what is ticked. An answer to a question the walk no longer reaches
 * (an earlier answer or tick changed) is cleared and the rest assessed again, so
 * that what is shown, and printed, is exactly what decided.
 */
function assessed() {
  let seen = observed();
  let result = rules.assess(seen);
  for (let round = 0; round < questionCount; round += 1) {
    const reachable = reached(result);
    const stale = Object.keys(seen.answers).filter((q) => !reachable.has(q));
    if (stale.length === 0) break;
    for (const q of stale) {
      for (const radio of page.querySelectorAll(`input[name="answer-${q}"]`)) radio.checked = false;
    }
    seen = observed();
    result = rules.assess(seen);
  }
  return { seen, result };
}

/**
 * Puts `items` in `list` in this order, moving only what is out of place (so a
 * control being answered keeps its focus); what is no longer shown goes back
 * to the hidden store.
 */
function place(list, items) {
  items.forEach((item, i) => {
    if (list.children[i] !== item) list.insertBefore(item, list.children[i] ?? null);
  });
  while (list.children.length > items.length) store.append(list.lastElementChild);
}

function showDecision(result) {
  const followed = result.tracks.map((t) => trackCards.get(t.id)).filter(Boolean);
  place(page.getElementById("follow"), followed);
  place(
    page.getElementById("superseded"),
    result.superseded.map((t) => supersededCards.get(t.id)).filter(Boolean),
  );
  page.getElementById("follow-box").hidden = followed.length === 0;
  page.getElementById("no-track").hidden = followed.length > 0;
  page.getElementById("not-followed").hidden = result.superseded.length === 0;

  const summary = page.getElementById("summary");
  let text = result.tracks.length
    ? `${summary.dataset.follow}: ${result.tracks.map((t) => t.title).join(" · ")}`
    : summary.dataset.none;
  if (result.end.waiting) text += ` — ${summary.dataset.waiting}`;
  if (summary.textContent !== text) summary.textContent = text;
}

function showVerdicts(result) {
  const present = new Set();
  // Factors whose `only_when` does not hold count nothing: shown greyed.
  const notApplicable = new Set();
  for (const verdict of result.criteria) {
    for (const id of verdict.matched) present.add(id);
    for (const id of verdict.not_applicable ?? []) notApplicable.add(id);
    const item = verdicts.get(verdict.id);
    if (!item) continue;
    const shown = [verdict.met ? "met" : "not-met", verdict.applies ? "applying" : "not-applying"];
    shown.push(verdict.level ? `level-${verdict.level}` : "no-level");
    showParts(item, shown);
    const total = item.querySelector("[data-total]");
    if (total) total.textContent = String(verdict.total ?? 0);
  }
  for (const [id, item] of workedOut) showParts(item, [present.has(id) ? "present" : "absent"]);
  for (const item of page.querySelectorAll("[data-factor-box], [data-worked-out]")) {
    const id = item.dataset.factorBox ?? item.dataset.workedOut;
    item.classList.toggle("not-applicable", notApplicable.has(id));
  }
}

function showSteps(result) {
  const items = [];
  for (const entry of result.path) {
    const item = stepItems.get(`${entry.track}/${entry.step}`);
    if (!item) continue;
    item.dataset.state = entry.what;
    const shown = [entry.what];
    if (entry.deadline) shown.push("deadline");
    if (entry.track_ended) shown.push("track-ended");
    showParts(item, shown);
    const deadline = item.querySelector("[data-deadline]");
    if (deadline) deadline.textContent = entry.deadline ?? "";
    const ended = item.querySelector("[data-track-ended]");
    if (ended) ended.textContent = entry.track_ended ?? "";
    // A select-all question: its answer, worked out from its group's ticks.
    const ticked = item.querySelector("[data-ticked]");
    if (ticked) {
      ticked.dataset.ticked = entry.answer ?? "";
      ticked.textContent = entry.answer ? (ticked.dataset[entry.answer] ?? "") : "";
    }
    items.push(item);
  }
  const waiting = result.end.waiting;
  if (waiting) {
    const item = stepItems.get(`${waiting.track}/${waiting.question}`);
    if (item) {
      item.dataset.state = "waiting";
      showParts(item, waiting.unclear ? ["waiting", "ask-again"] : ["waiting"]);
      items.push(item);
    }
  }
  for (const item of items) {
    const shown = item.querySelector("[data-answer-shown]");
    const chosen = item.querySelector("input[data-answer]:checked");
    if (shown) shown.textContent = chosen ? chosen.parentElement.textContent.trim() : "";
  }
  const path = page.getElementById("path");
  place(path, items);
  // With one track, each step's line need not repeat the track's title.
  path.dataset.tracks = String(new Set(items.map((item) => item.dataset.step.split("/")[0])).size);
  page.getElementById("steps-box").hidden = items.length === 0;
  page.getElementById("end-waiting").hidden = !waiting;
  page.getElementById("end-finished").hidden = result.end !== "finished";
  page.getElementById("end-ended").hidden = !result.end.ended;
  page.getElementById("end-outcome").textContent = result.end.ended ? result.end.ended.outcome : "";
}

/** The printed record of what was ticked: each factor, signal and value, in the page's order. */
function showRecord(seen) {
  const record = page.getElementById("record");
  const lines = [];
  const textOf = (box) => box?.querySelector("[data-text]")?.textContent ?? "";
  for (const box of page.querySelectorAll("[data-factor-box]")) {
    const id = box.dataset.factorBox;
    if (seen.factors.includes(id)) lines.push(`${textOf(box)}: ${record.dataset.yes}`);
    else if (seen.possible.includes(id)) lines.push(`${textOf(box)}: ${record.dataset.possible}`);
  }
  for (const box of page.querySelectorAll("[data-signal-box]")) {
    if (seen.signals.includes(box.dataset.signalBox)) lines.push(textOf(box));
  }
  for (const field of valueFields) {
    const value = seen.values[field.dataset.input];
    if (value === undefined) continue;
    // A scale's value by the title staff picked.
    const shown = field.tagName === "SELECT" ? field.selectedOptions[0]?.textContent ?? value : value;
    lines.push(`${field.labels[0]?.textContent ?? ""}: ${shown}`);
  }
  record.replaceChildren(
    ...lines.map((line) => {
      const item = page.createElement("li");
      item.textContent = line;
      return item;
    }),
  );
  page.getElementById("record-empty").hidden = lines.length > 0;
}

function update() {
  const { seen, result } = assessed();
  showDecision(result);
  showVerdicts(result);
  showSteps(result);
  showRecord(seen);
}

page.addEventListener("change", update);
page.addEventListener("input", (event) => {
  if (event.target.matches("input[data-input]")) update();
});
page.getElementById("print").addEventListener("click", () => window.print());
page.getElementById("reset").addEventListener("click", () => {
  for (const field of page.querySelectorAll("input")) {
    if (field.type === "checkbox" || field.type === "radio") field.checked = field.defaultChecked;
    else field.value = "";
  }
  for (const list of page.querySelectorAll("select[data-input]")) list.value = "";
  update();
});
update();
