//! The conflicts a save into a case left: each item with the store's value and this view's,
//! field by field where both hold it, and the analyst's choice for each (theirs, yours, or a
//! value typed in). Returns [`Action`]s; the merge itself is the core's
//! (`store::working::merged`).

use egui::{Context, RichText};

use crate::store::Conflict;
use crate::store::working::{self, FieldDiff, Keep};
use crate::ui::commands::Action;

/// What a save did not write, item by item: the store's value and this view's side by side,
/// field by field where both have one, and the choice of which to keep: theirs, yours, or
/// for each field theirs, yours or a value typed in.
pub fn conflicts(
    ctx: &Context,
    conflicts: &[Conflict],
    choices: &mut ConflictChoices,
    open: &mut bool,
) -> Vec<Action> {
    let mut actions = Vec::new();
    egui::Window::new(format!("Conflicts ({})", conflicts.len()))
        .open(open)
        .default_width(720.0)
        .show(ctx, |ui| {
            ui.label("Someone else changed these in the case after you took them. Nothing was overwritten: choose which to keep, then Save again.");
            egui::ScrollArea::vertical().show(ui, |ui| {
                for (i, c) in conflicts.iter().enumerate() {
                    ui.separator();
                    ui.label(RichText::new(format!("{} {:?}: {}", c.item, c.id, c.reason)).strong());
                    let choosing = choices.of(c);
                    // Checked each frame, as the analyst types; the merge is made on the click.
                    let ready = chosen(&choosing.diffs, &choosing.fields);
                    // The choices first, so they stay in reach above a long item.
                    ui.horizontal(|ui| {
                        if ui.button("Keep theirs").clicked() {
                            actions.push(Action::Settle(i, Keep::Theirs));
                        }
                        if ui.button("Keep yours").on_hover_text("Written over theirs at the next Save").clicked() {
                            actions.push(Action::Settle(i, Keep::Mine));
                        }
                        if !choosing.diffs.is_empty() {
                            let merge = ui
                                .add_enabled(ready.is_ok(), egui::Button::new("Keep these choices"))
                                .on_hover_text("Theirs, with each field as chosen below; written at the next Save");
                            if let (true, Ok(fields)) = (merge.clicked(), &ready) {
                                match working::merged(c, fields) {
                                    Ok(merged) => actions.push(Action::SettleMerged(i, merged)),
                                    Err(why) => choosing.refused = Some(why),
                                }
                            }
                        }
                    });
                    if choosing.diffs.is_empty() {
                        ui.columns(2, |cols| {
                            cols[0].label(RichText::new(format!("Theirs (version {})", c.store_version.map_or("gone".into(), |v| v.to_string()))).strong());
                            cols[0].monospace(c.theirs.as_deref().map_or_else(|| "deleted".to_owned(), pretty));
                            cols[1].label(RichText::new("Yours").strong());
                            cols[1].monospace(c.mine.as_deref().map_or_else(|| "deleted".to_owned(), pretty));
                        });
                        continue;
                    }
                    field_rows(ui, i, &choosing.diffs, &mut choosing.fields);
                    if let Some(why) = ready.err().or_else(|| choosing.refused.clone()) {
                        ui.colored_label(ui.visuals().error_fg_color, format!("Keep these choices: {why}"));
                    }
                }
            });
        });
    // Choices for conflicts settled or gone are forgotten.
    choices
        .per
        .retain(|(item, id), _| conflicts.iter().any(|c| c.item == *item && &c.id == id));
    actions
}

/// The analyst's choice for each differing field of each conflict, while they choose.
#[derive(Debug, Default)]
pub struct ConflictChoices {
    per: std::collections::HashMap<(&'static str, String), Choosing>,
}

/// One conflict being settled: its differing fields, found once rather than each frame, and
/// the choice for each.
#[derive(Debug)]
struct Choosing {
    /// The two values the fields were found in: another conflict on the same item (after
    /// another save) finds them again.
    theirs: Option<String>,
    mine: Option<String>,
    diffs: Vec<FieldDiff>,
    fields: Vec<FieldChoice>,
    /// Why the last "Keep these choices" made no item.
    refused: Option<String>,
}

impl ConflictChoices {
    fn of(&mut self, c: &Conflict) -> &mut Choosing {
        let found = |c: &Conflict| {
            let diffs = working::differing(c);
            Choosing {
                theirs: c.theirs.clone(),
                mine: c.mine.clone(),
                fields: vec![FieldChoice::default(); diffs.len()],
                diffs,
                refused: None,
            }
        };
        let choosing = self
            .per
            .entry((c.item, c.id.clone()))
            .or_insert_with(|| found(c));
        if choosing.theirs != c.theirs || choosing.mine != c.mine {
            *choosing = found(c);
        }
        choosing
    }
}

/// Which value a field takes when a conflict is settled field by field.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Pick {
    #[default]
    Theirs,
    Mine,
    /// The value typed in `FieldChoice::text`.
    Edit,
}

#[derive(Debug, Clone, Default)]
pub struct FieldChoice {
    pub pick: Pick,
    pub text: String,
}

/// How much of a field's value a row shows; the rest is in its tooltip.
const SHOWN_CHARS: usize = 60;

/// A field's value as the panel shows it: a string as itself, anything else as JSON.
fn shown(v: &Option<serde_json::Value>) -> String {
    match v {
        None => "(none)".into(),
        Some(serde_json::Value::String(s)) => s.clone(),
        Some(v) => v.to_string(),
    }
}

/// What a typed value means: text where the field holds text, else JSON.
fn typed(diff: &FieldDiff, text: &str) -> Result<Option<serde_json::Value>, String> {
    let textual = [&diff.theirs, &diff.mine]
        .iter()
        .all(|v| v.as_ref().is_none_or(serde_json::Value::is_string));
    if textual {
        return Ok(Some(serde_json::Value::String(text.to_owned())));
    }
    serde_json::from_str(text)
        .map(Some)
        .map_err(|e| format!("{}: not a JSON value ({e})", diff.field))
}

/// The rows of one conflict's fields, each with theirs, yours and the choice.
fn field_rows(ui: &mut egui::Ui, key: usize, diffs: &[FieldDiff], choices: &mut [FieldChoice]) {
    egui::Grid::new(("conflict-fields", key))
        .num_columns(4)
        .striped(true)
        .show(ui, |ui| {
            ui.label(RichText::new("Field").strong());
            ui.label(RichText::new("Theirs").strong());
            ui.label(RichText::new("Yours").strong());
            ui.label(RichText::new("Keep").strong());
            ui.end_row();
            for (d, c) in diffs.iter().zip(choices.iter_mut()) {
                ui.label(&d.field);
                for value in [&d.theirs, &d.mine] {
                    let full = shown(value);
                    match full.char_indices().nth(SHOWN_CHARS) {
                        Some((cut, _)) => {
                            ui.label(format!("{}…", &full[..cut])).on_hover_text(full);
                        }
                        None => {
                            ui.label(full);
                        }
                    }
                }
                ui.horizontal(|ui| {
                    ui.radio_value(&mut c.pick, Pick::Theirs, "theirs");
                    ui.radio_value(&mut c.pick, Pick::Mine, "yours");
                    if ui.radio_value(&mut c.pick, Pick::Edit, "edit").clicked()
                        && c.text.is_empty()
                    {
                        c.text = match &d.mine {
                            None => String::new(),
                            v => shown(v),
                        };
                    }
                    if c.pick == Pick::Edit {
                        let name = ui.label(format!("{} as", d.field));
                        ui.add(egui::TextEdit::singleline(&mut c.text).desired_width(200.0))
                            .labelled_by(name.id);
                    }
                });
                ui.end_row();
            }
        });
}

/// The fields the choices take from yours or from what was typed, or why a typed value
/// cannot be one.
fn chosen(
    diffs: &[FieldDiff],
    choices: &[FieldChoice],
) -> Result<Vec<(String, Option<serde_json::Value>)>, String> {
    let mut out = Vec::new();
    for (d, c) in diffs.iter().zip(choices) {
        match c.pick {
            Pick::Theirs => {}
            Pick::Mine => out.push((d.field.clone(), d.mine.clone())),
            Pick::Edit => out.push((d.field.clone(), typed(d, &c.text)?)),
        }
    }
    Ok(out)
}

fn pretty(json: &str) -> String {
    serde_json::from_str::<serde_json::Value>(json)
        .ok()
        .and_then(|v| serde_json::to_string_pretty(&v).ok())
        .unwrap_or_else(|| json.to_owned())
}
