//! The fixed phrases of the handout and the flowchart ("Definitions", "Call",
//! "Student meets this concern if" …), by key, in English and in Spanish.
//!
//! A translation's `label KEY "…"` lines replace them; the checker refuses an
//! unknown key. A language with a built-in set (English `en`, Spanish `es`, and
//! their regional tags such as `es_mx`) needs no `label` lines; any other falls
//! back to English for each label it does not give (with a warning, P0316).

use std::collections::BTreeMap;

/// One fixed phrase: its key, its English and Spanish wording, and where it is used.
pub struct LabelDef {
    pub key: &'static str,
    pub english: &'static str,
    pub spanish: &'static str,
    pub about: &'static str,
}

macro_rules! labels {
    ($($key:literal, $english:literal, $spanish:literal, $about:literal;)*) => {
        /// Every label, in the order a reader meets them.
        pub const LABELS: &[LabelDef] = &[
            $(LabelDef { key: $key, english: $english, spanish: $spanish, about: $about },)*
        ];
    };
}

labels! {
    "for", "For", "Para", "before the audience under the title: “For: Educators”";
    "legal_basis", "Legal basis", "Fundamento legal", "handout heading";
    "definitions", "Definitions", "Definiciones", "handout heading";
    "determined_by", "As determined by the", "Según lo determinado por", "before a criteria group's source (handout)";
    "county_change_approved", "Changed by this county; approved", "Cambiado por este condado; aprobado", "before the approval of a county's change to its base (handout): “… by the county board, 2026-03-01”";
    "county_changed", "Changed by this county", "Cambiado por este condado", "before the list of what a county changed in its base's group or track (handout)";
    "county_not_approved", "(not yet approved)", "(aún no aprobado)", "after “Changed by this county” when the change records no approval (handout)";
    "county_approved", "Approved", "Aprobado", "before the approval after the list of a county's changes (handout): “… by the county board, 2026-03-01”";
    "change_factor", "{noun:factor}", "{noun:factor}", "in a county's changed threshold: “at least one factor instead of two”";
    "change_factors", "{nouns:factors}", "{nouns:factores}", "in a county's changed threshold: “at least three factors instead of two”";
    "change_instead", "instead of", "en lugar de", "in a county's changed threshold: “at least three factors instead of two”";
    "change_worded", "the threshold in the county's own words", "el umbral con las palabras del condado", "a county's change: its own wording of the base's threshold";
    "change_added", "added:", "añadido:", "a county's change: before a factor it adds";
    "change_reworded", "reworded:", "redactado de nuevo:", "a county's change: before a base factor in its words";
    "change_points", "points changed:", "puntos cambiados:", "a county's change: before a base factor whose points it changed";
    "change_removed", "left out:", "excluido:", "a county's change: before a base factor it leaves out";
    "change_when", "when it applies", "cuándo se aplica", "a county's change: a track's `when` replaced";
    "change_step_added", "step added:", "paso añadido:", "a county's change: before a step it adds";
    "change_step_changed", "step changed:", "paso cambiado:", "a county's change: before a base step it rewords or gives new details";
    "change_step_removed", "step left out:", "paso excluido:", "a county's change: before a base step it leaves out";
    "source", "Source", "Fuente", "before a criteria group's source (flowchart) and the source file (flowchart footer)";
    "subject", "student", "el estudiante", "who the protocol is about (the protocol's `subject`): in a built-in phrase, `{subject}` stands for it and `{Subject}` for it with a capital";
    "meets_if", "{Subject} meets this concern if", "{Subject} cumple con esta preocupación si", "before a criteria group's threshold (handout)";
    "met_when", "Met when", "Se cumple cuando", "before a criteria group's threshold (flowchart)";
    "at_least", "at least", "al menos", "in a threshold: “at least two”";
    "factors_one", "of the following {nouns:factors} is present", "de {los|las} siguientes {nouns:factores} está presente", "after a threshold of one";
    "factors_many", "of the following {nouns:factors} are present", "de {los|las} siguientes {nouns:factores} están presentes", "after a threshold of two or more";
    "these_factors_one", "of these {nouns:factors} is present", "de {estos|estas} {nouns:factores} está presente", "after a threshold of one (flowchart)";
    "these_factors_many", "of these {nouns:factors} are present", "de {estos|estas} {nouns:factores} están presentes", "after a threshold of two or more (flowchart)";
    "the_factor", "the following {noun:factor} is present", "{el|la} siguiente {noun:factor} está presente", "the threshold of a group with one factor (handout)";
    "this_factor", "this {noun:factor} is present", "{este|esta} {noun:factor} está presente", "the threshold of a group with one factor (flowchart)";
    "numbers", "zero one two three four five six seven eight nine ten", "cero {uno|una} dos tres cuatro cinco seis siete ocho nueve diez", "the numbers from zero to ten in words, separated by spaces (larger numbers are written in digits)";
    "applies_only_when", "This applies only when", "Esto aplica solo cuando", "before the students a criteria group counts for (handout)";
    "applies_unless", "This applies unless", "Esto aplica salvo si", "before the students a criteria group does not count for, when its `applies_when` reads best negated (handout)";
    "score_how", "Answer each {noun:item} yes, possible or no. A **yes** adds the {noun:item}'s points; a **possible** adds only the points shown for it. Add up the points:", "Responda cada {noun:elemento} con sí, posible o no. Un **sí** suma los puntos {del|de la} {noun:elemento}; un **posible** suma solo los puntos indicados para {él|ella}. Sume los puntos:", "above a scored group's factors (handout); words between ** are set in bold";
    "score_how_possible_as_yes", "Answer each {noun:item} yes, possible or no. A **yes** adds the {noun:item}'s points; a **possible** counts as yes unless a point value is shown for it. Add up the points:", "Responda cada {noun:elemento} con sí, posible o no. Un **sí** suma los puntos {del|de la} {noun:elemento}; un **posible** cuenta como sí, salvo que se indiquen puntos para {él|ella}. Sume los puntos:", "above the factors of a scored group with `possible_counts_as yes` (handout); words between ** are set in bold";
    "score_how_grades", "Circle one grade of each {noun:item}; the grade circled adds its points. Add up the points:", "Marque un grado de cada {noun:elemento}; el grado marcado suma sus puntos. Sume los puntos:", "above a scored group whose items are all graded (handout)";
    "point", "point", "punto", "after a number of points: “1 point”";
    "points", "points", "puntos", "after a number of points: “3 points”";
    "possible", "possible", "posible", "a factor's points for a “possible” answer: “3 points (possible: 1)”";
    "enough_alone", "enough on its own", "basta por sí solo", "a factor that meets its group on its own (handout)";
    "on_its_own", "on its own", "por sí solo", "a factor that rates at least a level on its own: “on its own: at least High concern” (handout)";
    "ticked_when", "ticked when", "se marca cuando", "before the case in which a factor worked out from inputs is ticked (handout)";
    "ticked_unless", "ticked unless", "se marca salvo si", "before the case in which a factor worked out from inputs is not ticked, when its `when` reads best negated (handout)";
    "counts_only_when", "counts only when", "cuenta solo cuando", "before the students a factor with `only_when` counts for (handout, flowchart, screening page)";
    "counts_unless", "counts unless", "cuenta salvo si", "before the students a factor with `only_when` does not count for, when its `only_when` reads best negated (handout, flowchart, screening page)";
    "circle_one_grade", "circle one grade:", "rodee un grado:", "after a graded item's title, above its grades (handout, flowchart)";
    "grade_column", "Grade", "Grado", "the heading of a graded item's column of grade names (handout)";
    "description_column", "Description", "Descripción", "the heading of a graded item's column of grade descriptions (handout)";
    "points_column", "Points", "Puntos", "the heading of a graded item's column of points (handout)";
    "each_factor", "each", "cada uno", "after a tier's points: “Tier 1 indicators — 3 points each” (handout, flowchart)";
    "other_items", "Other {nouns:factors}", "{Otros|Otras} {nouns:factores}", "heads a scored group's factors that follow a tier or a graded item, so they do not read as part of it (handout, flowchart)";
    "total_gives_level", "The total gives the level of concern:", "El total indica el nivel de preocupación:", "above a scored group's levels (handout)";
    "to", "to", "a", "in a level's range: “3 to 5 points”";
    "or_more", "or more", "o más", "after an open-ended level's lowest total: “6 points or more”";
    "level_by_rule", "set only by a rule, not by points", "solo por una regla, no por puntos", "in place of the points of a level that only a rule sets (`level ID \"…\"` without a range)";
    "whatever_total", "Whatever the total:", "Sea cual sea el total:", "above a scored group's `floor` and `force` rules (handout)";
    "outcome_values", "Its values, lowest first; when more than one rule holds, the highest value wins:", "Sus valores, del más bajo al más alto; cuando se cumple más de una regla, gana el valor más alto:", "above an outcome's values and the rule that sets each (handout, flowchart)";
    "outcome_otherwise", "otherwise (when no rule holds)", "en los demás casos (cuando no se cumple ninguna regla)", "after an outcome's `otherwise` value (handout, flowchart)";
    "outcome_no_rule", "set by no rule", "no lo establece ninguna regla", "after an outcome's value that no rule sets (handout, flowchart)";
    "outcome_unset", "When no rule holds, it has no value.", "Cuando no se cumple ninguna regla, no tiene valor.", "under the values of an outcome without `otherwise` (handout)";
    "is_set", "has a value", "tiene un valor", "after an outcome's title in a condition: `response is set`";
    "is_not_set", "has no value", "no tiene valor", "after an outcome's title in a negated condition: `not response is set`";
    "case_when", "when", "cuando", "before the case of a `floor` or `force` rule, or of a deadline: “immediately (when: …)”";
    "meets_when", "Student meets this concern when", "El estudiante cumple con esta preocupación cuando", "before a scored group's threshold (handout)";
    "level_is", "the level is", "el nivel es", "a scored group's threshold: “the level is Medium concern or higher”";
    "is_level", "is", "es", "between a scored group's title and a level in a trigger: “Screening is High concern”";
    "or_higher", "or higher", "o superior", "after a level or a scale's value: “Medium concern or higher”";
    "possible_counts_present", "(a “possible” counts as present)", "(un “posible” cuenta como presente)", "after a count group's threshold when a “possible” answer counts as yes (handout)";
    "only_when", "Only when", "Solo cuando", "before a criteria group's `applies_when` (flowchart) and a step's `only_when`";
    "score_sheet", "Answer each {noun:item} and add up its points (no: 0)", "Responda cada {noun:elemento} y sume sus puntos (no: 0)", "above a scored group's items (flowchart)";
    "possible_column", "Possible", "Posible", "heading of the points of a \"possible\" answer (flowchart)";
    "level_from_total", "Level from the total:", "Nivel según el total:", "before a scored group's level ranges (flowchart)";
    "makes", "Makes", "Lleva a", "before the group a signal sets the level of (flowchart)";
    "also_counts_in", "Also counts in", "También cuenta en", "before the group whose rules read a signal (flowchart)";
    "or_unclear", "or unclear", "o no está claro", "on an answer's arrow that an unclear answer also takes (flowchart)";
    "staff_judgement", "Staff judgement", "Criterio del personal", "above a signal (flowchart)";
    "when", "When", "Cuando", "before a track's trigger";
    "unless_lead", "Unless", "Salvo si", "before a track's trigger when it reads best negated: “Unless: the child is in care”";
    "unless", "unless", "salvo si", "before the case in which a condition does not hold: “… is met, unless the student is in care”; and in place of `case_when` for a negated case";
    "is_met", "is met", "se cumple", "after a criteria group's title in a trigger";
    "and", "and", "y", "joins the parts of a trigger";
    "or", "or", "o", "joins the alternatives of a trigger";
    "is_not_met", "is not met", "no se cumple", "after a criteria group's title in a negated trigger";
    "is_not_level", "is not", "no es", "between a scored group's title and a level in a negated trigger: “Screening is not High concern”";
    "does_not_hold", "does not hold", "no se da", "after a signal's text (in quotes) where a trigger negates it and no “unless” can say so";
    "is_under", "is under", "es menor que", "compares an input in a trigger: “Age is under 13”";
    "is_at_most", "is at most", "es como máximo", "compares an input in a trigger: `age <= 12`";
    "is_over", "is over", "es mayor que", "compares an input in a trigger: `times_missing > 4`";
    "is_at_least", "is at least", "es al menos", "compares an input in a trigger: `age >= 12`";
    "equals", "is", "es", "compares an input in a trigger: `age = 12`";
    "is_below", "is below", "es inferior a", "compares a scale in a trigger: `safety < moderate` (“is below moderate”)";
    "is_above", "is above", "es superior a", "compares a scale in a trigger: `safety > moderate` (“is above moderate”)";
    "or_lower", "or lower", "o inferior", "after a scale's value: `safety <= moderate` (“is moderate or lower”)";
    "is_not_under", "is not under", "no es menor que", "a negated comparison in a trigger: `not (age < 13)`";
    "is_not_at_most", "is not at most", "no es como máximo", "a negated comparison in a trigger: `not (age <= 12)`";
    "is_not_over", "is not over", "no es mayor que", "a negated comparison in a trigger: `not (times_missing > 4)`";
    "is_not_at_least", "is not at least", "no es al menos", "a negated comparison in a trigger: `not (age >= 12)`";
    "not_equals", "is not", "no es", "a negated comparison in a trigger: `not (age = 12)`";
    "answered_yes", "was answered yes", "se respondió que sí", "after a question in a trigger: `plan is yes`";
    "answered_no", "was answered no", "se respondió que no", "after a question in a trigger: `plan is no`";
    "not_answered_yes", "was not answered yes", "no se respondió que sí", "after a question in a negated trigger: `not (plan is yes)`";
    "not_answered_no", "was not answered no", "no se respondió que no", "after a question in a negated trigger: `not (plan is no)`";
    "answered_choice", "was answered", "se respondió", "after a question in a trigger, before the choice's title: `threat_type is substantive`";
    "not_answered_choice", "was not answered", "no se respondió", "after a question in a negated trigger, before the choice's title: `not (threat_type is substantive)`";
    "instead_of", "When this applies, follow it instead of", "Cuando esto aplica, sígalo en lugar de", "before the tracks a track supersedes (handout)";
    "precedes_before", "When", "Cuando", "before a track that this one precedes (handout)";
    "precedes_after", "applies too, follow this first.", "también aplica, siga este primero.", "after a track that this one precedes (handout)";
    "both_instead_of", "If both apply, follow this instead of", "Si ambos aplican, siga este en lugar de", "before the tracks a track supersedes (flowchart)";
    "both_before", "If both apply, do this before", "Si ambos aplican, haga esto antes de", "before the tracks a track precedes (flowchart)";
    "at_all_times", "At all times", "En todo momento", "before a track's standing rules";
    "skip_when", "Skip when", "Omita cuando", "before the case in which a step is skipped";
    "ask", "Ask", "Pregunte", "before a question";
    "consider", "Consider", "Considere", "before an optional step";
    "who", "Who", "Quién", "before a step's role (handout)";
    "if_unavailable", "if unavailable", "si no está disponible", "before a step's backups (handout)";
    "then", "then", "luego", "between a step's backups";
    "deadline", "When", "Plazo", "before a step's deadline (handout)";
    "only_after", "Only after", "Solo después de", "before the steps that come before this one (handout)";
    "otherwise", "otherwise", "en los demás casos", "before a step's deadline for every other case";
    "time_within", "within", "en un plazo de", "a deadline as a time: “within 36 hours”";
    "time_of", "of", "desde", "before the event a deadline is measured from: “within 36 hours of the phone referral”";
    "time_immediately", "immediately", "de inmediato", "the deadline `immediately`";
    "time_end_of_day", "by the end of the working day", "antes del final de la jornada laboral", "the deadline `end_of_day`";
    "lasts", "Lasts", "Duración", "before how long a step lasts (handout, flowchart, screening page): “Lasts: at least 90 days”";
    "lasts_until", "until", "hasta", "before what a step lasts until: “until the assessment is complete”";
    "unit_minute", "minute", "minuto", "a deadline or duration of 1 minute";
    "unit_minutes", "minutes", "minutos", "a deadline or duration in minutes";
    "unit_hour", "hour", "hora", "a deadline or duration of 1 hour";
    "unit_hours", "hours", "horas", "a deadline or duration in hours";
    "unit_day", "day", "día", "a deadline or duration of 1 day";
    "unit_days", "days", "días", "a deadline or duration in days";
    "unit_working_day", "working day", "día hábil", "a deadline or duration of 1 working day";
    "unit_working_days", "working days", "días hábiles", "a deadline or duration in working days";
    "then_follow_protocol", "Then follow the protocol", "Luego siga el protocolo", "before a handoff to another protocol (handout)";
    "then_follow", "Then follow", "Luego siga", "before a handoff to another protocol (flowchart)";
    "protocol_ends_here", "The protocol ends here", "El protocolo termina aquí", "before a step's `end` outcome";
    "track_ends_here", "This track ends here", "Esta ruta termina aquí", "before a step's `end track` outcome";
    "if_yes", "If yes", "Si la respuesta es sí", "before where a yes leads (handout)";
    "if_no", "If no", "Si la respuesta es no", "before where a no leads (handout)";
    "if_unclear", "If unclear", "Si la respuesta no está clara", "before what an unclear answer does (handout)";
    "answer_yes", "Yes", "Sí", "before where a yes leads (flowchart)";
    "answer_no", "No", "No", "before where a no leads (flowchart)";
    "answer_unclear", "Unclear", "No está claro", "before what an unclear answer does (flowchart)";
    "pick_one", "Pick one", "Elija una", "after a question staff answer by picking one of its choices, before the choices (handout)";
    "tick_all", "Tick all that apply", "Marque todo lo que corresponda", "after a select-all question, before the factors staff tick (handout, flowchart, screening page)";
    "yes_when", "yes when", "sí cuando", "before a select-all question's threshold: when its worked-out answer is yes (handout, flowchart, screening page)";
    "as_yes", "as yes", "como sí", "an unclear answer that counts as yes";
    "as_no", "as no", "como no", "an unclear answer that counts as no";
    "ask_again", "ask again until the answer is yes or no", "vuelva a preguntar hasta que la respuesta sea sí o no", "an unclear answer that counts as neither (handout)";
    "go_on_to", "go on to", "continúe con el", "a route to the next step: “go on to step 3 (…)” (handout)";
    "go_to", "go to", "vaya al", "a route to a later step: “go to step 5 (…)” (handout)";
    "step", "step", "paso", "before a step's number: “step 3”";
    "end_of_track", "the end of this track", "el final de esta ruta", "a step past the last one (handout)";
    "track_done", "this track is done", "esta ruta termina aquí", "a route past the last step (handout)";
    "continue_with", "continue with", "continúe con", "a route to another track (handout)";
    "stop_here", "stop here", "deténgase aquí", "a route that ends the protocol, before its outcome (handout)";
    "done", "done", "fin de la ruta", "a route past the last step (flowchart)";
    "end", "end", "fin", "a route that ends the protocol, before its outcome (flowchart)";
    "form", "Form", "Formulario", "before a step's form";
    "required_by", "Required by", "Exigido por", "before why a step is required by law or policy (handout)";
    "call", "Call", "Llame a", "before a contact a step involves, when the font has no ☎ (flowchart)";
    "to_report_call", "To report, call", "Para reportar, llame al", "above the large phone number (flowchart) and before the number in the box under the handout's title";
    "resources", "Resources", "Recursos", "heading";
    "page", "Page", "Página", "before a page's number in the title band of a chart on several pages: “Page 2 of 3” (flowchart)";
    "of_pages", "of", "de", "between a page's number and the number of pages: “Page 2 of 3” (flowchart)";
    "tracks_in_order", "What to do: the tracks in order of precedence (when several apply, the first comes first)", "Qué hacer: las rutas en orden de precedencia (si aplican varias, la primera va primero)", "above the overview of the tracks on the first page of a chart on several pages (flowchart)";
    "steps_on_page", "Steps on page", "Pasos en la página", "in a track's overview box: where its steps are (flowchart)";
    "continued_on_page", "continued on page", "continúa en la página", "under the last step of a column when the track goes on elsewhere (flowchart)";
    "continued_from_page", "continued from page", "viene de la página", "in the header of a track's continuation (flowchart)";
    "continued_next_column", "continued in the next column", "continúa en la columna siguiente", "under the last step of a column when the track goes on in the next column of the same page (flowchart)";
    "continued_from_column", "continued from the column before", "viene de la columna anterior", "in the header of a track's continuation in the next column of the same page (flowchart)";
    "contacts", "Contacts", "Contactos", "handout heading";
    "call_instead_of", "call instead of", "llame en lugar de", "a contact called instead of another (handout; flowchart, under a step that involves the other)";
    "call_instead_when", "when", "cuando", "the case in which a contact is called instead of another (handout, flowchart)";
    "revision_history", "Revision history", "Historial de revisiones", "handout heading";
    "version", "Version", "Versión", "footer";
    "effective", "effective", "vigente desde", "footer";
    "status", "status", "estado", "footer";
    "status_draft", "draft", "borrador", "the status `draft`";
    "status_in_review", "in review", "en revisión", "the status `in_review`";
    "status_approved", "approved", "aprobado", "the status `approved`";
    "status_retired", "retired", "retirado", "the status `retired`";
    "draft_mark", "DRAFT", "BORRADOR", "the handout of a draft or in-review protocol: at the start of the banner under the title, and at the top of every printed page";
    "draft_notice", "not yet approved for use", "aún no aprobado para su uso", "the banner under a draft or in-review handout's title, after its status: “DRAFT (status: in review): not yet approved for use”";
    "approved", "approved", "aprobado el", "footer: the approval date";
    "approved_by", "approved by", "aprobado por", "footer: who approved it";
    "written", "written", "redactado", "footer: when it was written";
    "last_reviewed", "last reviewed", "última revisión", "footer";
    "next_review", "next review", "próxima revisión", "footer";
    "built_by", "built by protocolc", "generado por protocolc", "footer";
    "from", "from", "a partir de", "footer: before the source file (handout)";
    "extending", "extending", "que extiende", "handout footer: before each base file";
    "extends", "extends", "extiende", "flowchart footer: before each base file";
    "screen_title", "Screening", "Evaluación", "after the protocol's title in the screening page's title";
    "screen_private", "Nothing you enter here is stored or sent anywhere: the page works offline, keeps no record, and forgets everything when it is closed or reloaded.", "Nada de lo que escriba aquí se guarda ni se envía: la página funciona sin conexión, no guarda ningún registro y lo olvida todo al cerrarla o recargarla.", "under the screening page's title";
    "screen_aid", "A decision aid to use beside the protocol, not a record: the protocol is what staff follow, and the case is recorded where your school records cases.", "Una ayuda para decidir junto al protocolo, no un registro: el personal sigue el protocolo, y el caso se registra donde su escuela registra los casos.", "under the screening page's title";
    "screen_observed", "What was observed", "Lo observado", "heading of the screening page's form, and of the printed decision's list of what was ticked";
    "screen_values", "Numbers", "Datos numéricos", "heading of the values to enter, such as the student's age (screening page)";
    "screen_range_from", "from", "de", "before the lowest value an input takes: “from 5 to 22” (screening page)";
    "screen_whole_number", "a whole number", "un número entero", "the values an input without a range takes (screening page)";
    "screen_possible", "Possible", "Posible", "the answer “possible” to a factor (screening page)";
    "screen_worked_out", "worked out from the numbers above", "se deduce de los datos numéricos", "after a factor staff do not tick: it follows from inputs (screening page)";
    "screen_ticked", "present", "presente", "a factor worked out from inputs that holds now (screening page)";
    "screen_not_ticked", "not present", "no presente", "a factor worked out from inputs that does not hold now (screening page)";
    "screen_decision", "Decision", "Decisión", "heading of the result (screening page)";
    "screen_follow", "Follow", "Siga", "before the tracks that apply (screening page)";
    "screen_no_track", "No track applies to what is ticked so far.", "Ninguna ruta aplica a lo marcado hasta ahora.", "when no track applies (screening page)";
    "screen_not_followed", "Also triggered, but a track above is followed instead:", "También se activa, pero se sigue una ruta de arriba en su lugar:", "before the tracks superseded by one that applies (screening page)";
    "screen_why", "Why: each group's count or total", "Por qué: el recuento o el total de cada grupo", "heading of the criteria groups' verdicts (screening page)";
    "screen_is_not_met", "is not met", "no se cumple", "after a criteria group's title when it is not met (screening page)";
    "screen_present_now", "Present now:", "Presentes ahora:", "before the number of a count group's factors present (screening page)";
    "screen_total_now", "Total now:", "Total ahora:", "before a scored group's total (screening page)";
    "screen_no_level", "no level", "ningún nivel", "a scored group's total in no level's range (screening page)";
    "screen_does_not_apply", "It does not apply to this {subject}, so it is not met.", "No aplica en este caso, así que no se cumple.", "after the case a criteria group applies in, when it does not hold (screening page)";
    "screen_steps", "Steps, in order", "Pasos, en orden", "heading of the steps to take (screening page)";
    "screen_skipped", "Skipped", "Omitido", "before a step passed over (screening page)";
    "screen_waiting", "Answer this question to see what comes next.", "Responda esta pregunta para ver lo que sigue.", "under the question the steps wait for (screening page)";
    "screen_finished", "These are all the steps.", "Estos son todos los pasos.", "after the last step when the walk is finished (screening page)";
    "screen_print", "Print this decision", "Imprimir esta decisión", "button (screening page)";
    "screen_reset", "Start again", "Empezar de nuevo", "button that clears everything (screening page)";
    "screen_nothing_ticked", "Nothing ticked.", "Nada marcado.", "the printed decision's list of what was ticked, when it is empty (screening page)";
    "screen_signed", "Name of the staff member", "Nombre del miembro del personal", "under the blank line of the printed decision";
    "screen_date", "Date", "Fecha", "under the blank line of the printed decision";
}

/// What a criteria group calls its items, in one language ("indicator",
/// "indicators"; `feminine` where the language's phrases agree with it, as
/// Spanish "estas señales" does).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Noun {
    pub one: String,
    pub many: String,
    pub feminine: bool,
}

/// The labels of one language: every key has a phrase.
///
/// A phrase about a group's items names them with `{noun:factor}` and
/// `{nouns:factors}` (the group's own word, else the one after the colon) and
/// agrees with them with `{masculine|feminine}` forms ("{estos|estas}"). The
/// phrases are kept as written, and as read with protocolc's own word, which
/// [`Labels::get`] gives; [`Labels::about_items`] gives one with a group's word.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Labels {
    /// Each phrase with its items named by the default word.
    phrases: BTreeMap<&'static str, String>,
    /// The phrases that name items or agree with them, as written.
    written: BTreeMap<&'static str, String>,
}

/// `phrase` with its items named by `noun` (or each placeholder's own word) and
/// its `{a|b}` forms chosen by the noun's gender (the first without a noun).
/// Braces of any other kind are left as they are.
fn about_noun(phrase: &str, noun: Option<&Noun>) -> String {
    let mut out = String::with_capacity(phrase.len());
    let mut rest = phrase;
    while let Some(open) = rest.find('{') {
        let (before, from_brace) = rest.split_at(open);
        out.push_str(before);
        let Some(close) = from_brace.find('}') else {
            out.push_str(from_brace);
            return out;
        };
        let inner = from_brace.get(1..close).unwrap_or("");
        let chosen = if let Some(word) = inner.strip_prefix("noun:") {
            Some(noun.map_or(word, |n| n.one.as_str()))
        } else if let Some(word) = inner.strip_prefix("nouns:") {
            Some(noun.map_or(word, |n| n.many.as_str()))
        } else {
            match inner.split_once('|') {
                Some((masculine, feminine)) if !feminine.contains('|') => {
                    Some(if noun.is_some_and(|n| n.feminine) {
                        feminine
                    } else {
                        masculine
                    })
                }
                _ => None,
            }
        };
        match chosen {
            Some(word) => out.push_str(word),
            None => out.push_str(from_brace.get(..=close).unwrap_or("")),
        }
        rest = from_brace.get(close + 1..).unwrap_or("");
    }
    out.push_str(rest);
    out
}

/// Whether a phrase names a group's items or agrees with them.
fn names_items(phrase: &str) -> bool {
    phrase.contains("{noun") || (phrase.contains('{') && phrase.contains('|'))
}

impl Labels {
    fn from_phrases(phrases: impl IntoIterator<Item = (&'static str, String)>) -> Self {
        let mut labels = Labels {
            phrases: BTreeMap::new(),
            written: BTreeMap::new(),
        };
        for (key, phrase) in phrases {
            labels.put(key, phrase);
        }
        labels
    }

    fn put(&mut self, key: &'static str, phrase: String) {
        if names_items(&phrase) {
            self.phrases.insert(key, about_noun(&phrase, None));
            self.written.insert(key, phrase);
        } else {
            self.written.remove(key);
            self.phrases.insert(key, phrase);
        }
    }

    /// The built-in English labels.
    pub fn english() -> Self {
        Self::from_phrases(LABELS.iter().map(|l| (l.key, l.english.to_string())))
    }

    /// The name for itself of a language with built-in labels: "English", "Español".
    pub fn builtin_name(tag: &str) -> Option<&'static str> {
        match tag.split(['_', '-']).next().unwrap_or(tag) {
            "en" => Some("English"),
            "es" => Some("Español"),
            _ => None,
        }
    }

    /// The built-in labels of a language tag (`en`, `es`, or a regional tag of
    /// either, such as `es_mx`), if protocolc has them.
    pub fn builtin(tag: &str) -> Option<Self> {
        let primary = tag.split(['_', '-']).next().unwrap_or(tag);
        match primary {
            "en" => Some(Self::english()),
            "es" => Some(Self::from_phrases(
                LABELS.iter().map(|l| (l.key, l.spanish.to_string())),
            )),
            _ => None,
        }
    }

    /// The phrase for `key` ("" for a key protocolc does not know).
    pub fn get(&self, key: &str) -> &str {
        self.phrases.get(key).map_or("", String::as_str)
    }

    /// The phrase for `key` about a group's items: named by `noun` when the
    /// group gives its own word, and agreeing with it.
    pub fn about_items(&self, key: &str, noun: Option<&Noun>) -> String {
        match (self.written.get(key), noun) {
            (Some(written), Some(_)) => about_noun(written, noun),
            _ => self.get(key).to_string(),
        }
    }

    /// Whether some phrase agrees with the gender of a group's word for its items
    /// (has `{masculine|feminine}` forms), so that word needs its gender said.
    pub fn agree_with_gender(&self) -> bool {
        self.written.values().any(|p| p.contains('|'))
    }

    /// Sets a phrase; false when `key` is not a label.
    pub fn set(&mut self, key: &str, phrase: String) -> bool {
        match LABELS.iter().find(|l| l.key == key) {
            Some(l) => {
                self.put(l.key, phrase);
                true
            }
            None => false,
        }
    }

    /// Every label, by key (items named by protocolc's own word).
    pub fn all(&self) -> &BTreeMap<&'static str, String> {
        &self.phrases
    }

    /// A number in words ("two"), from the `numbers` label; digits past its end.
    pub fn number(&self, n: u32) -> String {
        self.number_of(n, None)
    }

    /// A number of a group's items in words, agreeing with their noun ("una").
    pub fn number_of(&self, n: u32, noun: Option<&Noun>) -> String {
        self.about_items("numbers", noun)
            .split_whitespace()
            .nth(n as usize)
            .map_or_else(|| n.to_string(), str::to_string)
    }

    /// The labels about `subject` (the protocol's `subject`, when it gives one):
    /// `{subject}` and `{Subject}` in every phrase replaced by it.
    pub fn about(mut self, subject: Option<&str>) -> Self {
        if let Some(subject) = subject {
            self.put("subject", subject.to_string());
        }
        let subject = self.get("subject").to_string();
        let capital = crate::sentence::capitalised(&subject);
        for (key, phrase) in self.phrases.iter_mut().chain(self.written.iter_mut()) {
            if *key != "subject" && phrase.contains('{') {
                *phrase = phrase
                    .replace("{Subject}", &capital)
                    .replace("{subject}", &subject);
            }
        }
        self
    }

    /// The threshold in words: "at least two of the following factors are present"
    /// (`these`: "… of these factors are present", as the flowchart says it); for a
    /// group of one factor, "the following factor is present" ("this factor is present").
    /// `noun`: what the group calls its items, when it says ("indicators").
    pub fn threshold(&self, n: u32, factors: usize, these: bool, noun: Option<&Noun>) -> String {
        if factors == 1 {
            return self.about_items(if these { "this_factor" } else { "the_factor" }, noun);
        }
        let rest = match (n, these) {
            (1, false) => "factors_one",
            (_, false) => "factors_many",
            (1, true) => "these_factors_one",
            (_, true) => "these_factors_many",
        };
        format!(
            "{} {} {}",
            self.get("at_least"),
            self.number_of(n, noun),
            self.about_items(rest, noun)
        )
    }

    /// Alternatives in words: "A", "A or B", "A, B or C".
    pub fn either(&self, items: &[String]) -> String {
        crate::sentence::listed(items, self.get("or"))
    }

    /// A number of points: "1 point", "3 points".
    pub fn points(&self, n: u32) -> String {
        format!("{n} {}", self.get(if n == 1 { "point" } else { "points" }))
    }

    /// A comparison of an input in words: "is under", "is at least" …
    pub fn compare(&self, op: crate::model::CompareOp) -> &str {
        use crate::model::CompareOp as Op;
        self.get(match op {
            Op::Less => "is_under",
            Op::LessOrEqual => "is_at_most",
            Op::Greater => "is_over",
            Op::GreaterOrEqual => "is_at_least",
            Op::Equal => "equals",
        })
    }

    /// What an unclear answer counts as: "as yes", "as no".
    pub fn counts_as(&self, answer: crate::model::Answer) -> &str {
        self.get(match answer {
            crate::model::Answer::No => "as_no",
            _ => "as_yes",
        })
    }

    /// A status in words, e.g. "in review".
    pub fn status(&self, status: crate::model::Status) -> &str {
        self.get(&format!("status_{}", status.as_str()))
    }
}

/// Whether `key` is a label.
pub fn is_label(key: &str) -> bool {
    LABELS.iter().any(|l| l.key == key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_label_is_documented_and_has_both_built_in_phrases() {
        let doc = include_str!("../docs/codes/P0144.md");
        for l in LABELS {
            assert!(
                doc.contains(&format!("| `{}` |", l.key)),
                "P0144.md lacks `{}`",
                l.key
            );
            assert!(!l.english.is_empty() && !l.spanish.is_empty(), "{}", l.key);
        }
        let mut keys: Vec<&str> = LABELS.iter().map(|l| l.key).collect();
        keys.sort_unstable();
        keys.dedup();
        assert_eq!(keys.len(), LABELS.len(), "a key listed twice");
    }

    fn noun(one: &str, many: &str, feminine: bool) -> Noun {
        Noun {
            one: one.to_string(),
            many: many.to_string(),
            feminine,
        }
    }

    #[test]
    fn a_groups_own_word_for_its_items_is_said_and_agreed_with() {
        let indicators = noun("indicator", "indicators", false);
        let english = Labels::english();
        assert_eq!(
            english.threshold(2, 4, false, Some(&indicators)),
            "at least two of the following indicators are present"
        );
        assert_eq!(
            english.threshold(1, 1, true, Some(&indicators)),
            "this indicator is present"
        );
        assert_eq!(
            english.about_items("score_how", Some(&indicators)),
            "Answer each indicator yes, possible or no. A **yes** adds the indicator's points; a **possible** adds only the points shown for it. Add up the points:"
        );
        // Without a word of its own, every phrase reads as it always has.
        assert_eq!(
            english.threshold(2, 4, false, None),
            "at least two of the following factors are present"
        );
        assert_eq!(english.get("these_factors_one"), "of these factors is present");
        let spanish = Labels::builtin("es");
        let signs = noun("señal", "señales", true);
        let said = |n: u32, factors: usize, these: bool, noun: Option<&Noun>| {
            spanish.as_ref().map(|l| l.threshold(n, factors, these, noun))
        };
        assert_eq!(
            said(1, 3, false, Some(&signs)).as_deref(),
            Some("al menos una de las siguientes señales está presente")
        );
        assert_eq!(
            said(2, 3, true, Some(&signs)).as_deref(),
            Some("al menos dos de estas señales están presentes")
        );
        assert_eq!(
            said(1, 1, false, Some(&signs)).as_deref(),
            Some("la siguiente señal está presente")
        );
        assert_eq!(
            said(1, 3, true, Some(&noun("indicador", "indicadores", false))).as_deref(),
            Some("al menos uno de estos indicadores está presente")
        );
        assert_eq!(
            said(1, 3, true, None).as_deref(),
            Some("al menos uno de estos factores está presente")
        );
        assert_eq!(spanish.as_ref().map(|l| l.number(1)).as_deref(), Some("uno"));
        assert!(spanish.is_some_and(|l| l.agree_with_gender()));
        assert!(!english.agree_with_gender());
    }

    #[test]
    fn a_translators_phrase_without_placeholders_is_kept_as_written() {
        let mut labels = Labels::english();
        labels.set("factors_many", "of these signs are seen".to_string());
        let signs = noun("sign", "signs", false);
        assert_eq!(
            labels.about_items("factors_many", Some(&signs)),
            "of these signs are seen"
        );
        labels.set("factors_many", "of the {nouns:items} below are seen".to_string());
        assert_eq!(labels.get("factors_many"), "of the items below are seen");
        assert_eq!(
            labels.about_items("factors_many", Some(&signs)),
            "of the signs below are seen"
        );
    }

    #[test]
    fn regional_tags_share_the_built_in_labels() {
        assert_eq!(Labels::builtin("es_mx"), Labels::builtin("es"));
        assert!(Labels::builtin("vi").is_none());
        assert_eq!(Labels::english().number(2), "two");
        assert_eq!(Labels::english().number(11), "11");
        assert_eq!(
            Labels::builtin("es").map(|l| l.threshold(1, 3, false, None)),
            Some("al menos uno de los siguientes factores está presente".to_string())
        );
    }
}
