//! The inspector's part for groups: the groups the selected entities are in, with their
//! name, kind and colour, fold and unfold, select members and ungroup; or a button to group
//! the selection.

use super::*;
use crate::edit::grouping;
use crate::model::Group;

/// The groups of the selected entities `ids`, each editable; one undo step per change.
pub(super) fn groups(ui: &mut Ui, doc: &Document, ids: &[EntityId], actions: &mut Vec<Action>) {
    let mut shown = grouping::groups_of(doc, ids);
    for id in grouping::folded_holding(doc, ids) {
        if !shown.contains(&id) {
            shown.push(id);
        }
    }
    ui.separator();
    if shown.is_empty() {
        if ids.len() > 1
            && ui
                .button("Group selected")
                .on_hover_text("Put these entities in a named frame (Ctrl+G)")
                .clicked()
        {
            let name = format!("Group {}", doc.groups.len() + 1);
            push(
                actions,
                "Group entities",
                grouping::group_entities(doc, ids, &name).map(|(_, e)| e),
            );
        }
        return;
    }
    for id in shown {
        let Some(g) = doc.group(id.as_str()) else {
            continue;
        };
        group(ui, doc, g, actions);
    }
}

fn group(ui: &mut Ui, doc: &Document, g: &Group, actions: &mut Vec<Action>) {
    let members = doc.group_members(g.id.as_str());
    ui.label(RichText::new(format!("Group · {} members", members.len())).strong());
    if let Some(parent) = g.parent.as_ref().and_then(|p| doc.group(p.as_str())) {
        ui.label(RichText::new(format!("inside {}", parent.name)).weak());
    }
    egui::Grid::new(("group-form", g.id.as_str()))
        .num_columns(2)
        .show(ui, |ui| {
            ui.label("Group name");
            if let Some(name) = text_field(ui, ("group-name", g.id.as_str()), &g.name)
                && !name.is_empty()
            {
                let changed = Group { name, ..g.clone() };
                push(
                    actions,
                    &format!("Rename group {}", g.name),
                    grouping::update_group(doc, changed),
                );
            }
            ui.end_row();
            ui.label("Group kind");
            if let Some(kind) = text_field(ui, ("group-kind", g.id.as_str()), &g.kind) {
                let changed = Group { kind, ..g.clone() };
                push(
                    actions,
                    &format!("Change kind of group {}", g.name),
                    grouping::update_group(doc, changed),
                );
            }
            ui.end_row();
            ui.label("Colour");
            let mut rgb = g
                .color
                .as_deref()
                .and_then(crate::model::parse_hex_color)
                .unwrap_or(crate::look::groups::DEFAULT_COLOR);
            if ui.color_edit_button_srgb(&mut rgb).changed() {
                let changed = Group {
                    color: Some(format!("#{:02x}{:02x}{:02x}", rgb[0], rgb[1], rgb[2])),
                    ..g.clone()
                };
                push(
                    actions,
                    &format!("Colour group {}", g.name),
                    grouping::update_group(doc, changed),
                );
            }
            ui.end_row();
        });
    ui.horizontal_wrapped(|ui| {
        let (label, tip) = if g.folded {
            ("Unfold", "Put its members back in place")
        } else {
            (
                "Fold",
                "Draw it as one node, with one counted line to each other end",
            )
        };
        if ui.button(label).on_hover_text(tip).clicked() {
            push(
                actions,
                &format!("{label} {}", g.name),
                grouping::set_folded(doc, std::slice::from_ref(&g.id), !g.folded),
            );
        }
        if ui.button("Select members").clicked() {
            actions.push(Action::Select(Selection::of_entities(members.clone())));
        }
        if ui
            .button("Ungroup")
            .on_hover_text("Remove the group; its members stay on the map (Ctrl+Shift+G)")
            .clicked()
        {
            push(
                actions,
                &format!("Ungroup {}", g.name),
                grouping::ungroup(doc, &g.id),
            );
        }
    });
}

/// A one-line text field that follows `current` until it has focus, and returns what was
/// typed once it loses focus (or Enter is pressed), trimmed, when it differs.
fn text_field(ui: &mut Ui, key: (&str, &str), current: &str) -> Option<String> {
    let id = ui.make_persistent_id(key);
    let mut text = ui
        .data_mut(|d| d.get_temp::<String>(id))
        .unwrap_or_else(|| current.to_owned());
    let response = ui.add(
        egui::TextEdit::singleline(&mut text)
            .id_salt(key)
            .desired_width(160.0),
    );
    if response.has_focus() {
        ui.data_mut(|d| d.insert_temp(id, text));
        return None;
    }
    ui.data_mut(|d| d.remove::<String>(id));
    let text = text.trim();
    (response.lost_focus() && text != current).then(|| text.to_owned())
}

fn push(actions: &mut Vec<Action>, label: &str, edit: Result<Edit, crate::edit::EditError>) {
    match edit {
        Ok(edit) => actions.push(Action::Edit {
            label: label.to_owned(),
            edits: vec![edit],
            then: None,
        }),
        Err(e) => actions.push(Action::Report(format!(
            "Could not {}: {e}",
            label.to_lowercase()
        ))),
    }
}
