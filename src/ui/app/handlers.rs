//! The handler of each command in the command table (`ui::commands`), one plain method each.

use super::*;
use crate::export::claims::Table;
use crate::io::formats::OutFormat;
use crate::layout::align::Align;
use crate::ui::commands::Handlers;

impl Handlers for RelmapApp {
    fn new_map(&mut self) {
        self.guard_unsaved(AfterDiscard::New);
    }

    fn open(&mut self) {
        self.guard_unsaved(AfterDiscard::Open(None));
    }

    fn save_map(&mut self) {
        if self.case.is_some() {
            self.save_to_case();
        } else {
            self.save();
        }
    }

    fn save_as(&mut self) {
        self.pick_save_path();
    }

    fn quit(&mut self) {
        self.guard_unsaved(AfterDiscard::Quit);
    }

    fn undo(&mut self) {
        let moved = self.ws.undo();
        self.history_moved(moved, "Undid", "Could not undo");
    }

    fn redo(&mut self) {
        let moved = self.ws.redo();
        self.history_moved(moved, "Redid", "Could not redo");
    }

    fn add_entity(&mut self) {
        self.apply(Action::AddEntityAt(None));
    }

    fn add_source(&mut self) {
        let (id, edits) = ops::add_source(self.ws.doc(), "New source");
        if self.edit("Add source".into(), edits) {
            self.ws.selection = Selection::Source(id);
        }
    }

    fn connect_selected(&mut self) {
        match self.ws.selection.entities().as_slice() {
            [from, to, ..] => self.apply(Action::Connect(from.clone(), to.clone())),
            _ => {
                self.status =
                    "Select two entities (Shift+click) to connect the first to the second".into();
            }
        }
    }

    fn toggle_connect_mode(&mut self) {
        let on = !self.canvas.connect_mode();
        self.canvas.set_connect_mode(on);
        self.status = if on {
            "Connect mode: drag from one entity to another to add a relation".into()
        } else {
            "Connect mode off: dragging moves entities".into()
        };
    }

    fn delete_selected(&mut self) {
        self.delete_selection();
    }

    fn select_all(&mut self) {
        self.ws.selection = Selection::of_entities(
            self.ws
                .doc()
                .entities
                .iter()
                .map(|e| e.id.clone())
                .collect(),
        );
    }

    fn find(&mut self) {
        if self.case.as_ref().is_some_and(|c| c.case.is_some()) {
            self.find_in_case();
        } else {
            // The find box is in the side panel.
            self.side_panel = Some(true);
            self.explore.focus_search = true;
        }
    }

    fn toggle_side_panel(&mut self) {
        self.side_panel = Some(!self.side_panel_shown);
    }

    fn open_case_form(&mut self) {
        self.open_case_form.open = true;
    }

    fn find_in_case(&mut self) {
        if let Some(session) = self.case.as_mut() {
            session.search.open = true;
            session.search.focus = true;
        }
    }

    fn expand_selected(&mut self) {
        let seeds = self.ws.selection.entities();
        self.expand(seeds, Vec::new(), Vec::new(), false);
    }

    fn remove_selected_from_view(&mut self) {
        let ids = self.ws.selection.entities();
        self.remove_from_view(ids);
    }

    fn get_changes(&mut self) {
        self.status = "Reading the view again from the case…".into();
        self.pull(Vec::new(), 0, Vec::new(), Vec::new());
    }

    fn show_conflicts(&mut self) {
        self.conflicts_open = true;
    }

    fn work_offline(&mut self) {
        self.toggle_offline();
    }

    fn show_changes(&mut self) {
        self.changes_open = true;
    }

    fn fit_view(&mut self) {
        self.canvas.request_fit();
    }

    fn zoom_to_selection(&mut self) {
        let indices = self
            .ws
            .selection
            .entities()
            .iter()
            .filter_map(|id| self.ws.doc().entity_index(id.as_str()))
            .collect();
        self.canvas.zoom_to(indices);
    }

    fn focus_one_hop(&mut self) {
        self.explore.focus_on(&self.ws.selection, 1);
    }

    fn focus_two_hops(&mut self) {
        self.explore.focus_on(&self.ws.selection, 2);
    }

    fn focus_three_hops(&mut self) {
        self.explore.focus_on(&self.ws.selection, 3);
    }

    fn read_source(&mut self) {
        let source = match &self.ws.selection {
            Selection::Source(id) => Some(id.clone()),
            _ => self.ws.doc().sources.first().map(|s| s.id.clone()),
        };
        if let Some(id) = source {
            self.reader.read(id);
        }
    }

    fn toggle_claims_overlay(&mut self) {
        let on = !self.canvas.claims_overlay();
        self.canvas.set_claims_overlay(self.ws.doc(), on);
        self.status = if on {
            "Claims overlay on: claimants are linked to what they speak on".into()
        } else {
            "Claims overlay off".into()
        };
    }

    fn show_disputes(&mut self) {
        self.disputes.open = true;
    }

    fn pause_layout(&mut self) {
        let paused = !self.canvas.is_layout_paused();
        self.canvas.set_layout_paused(paused);
        self.status = if paused {
            "Layout paused".to_owned()
        } else {
            "Layout resumed".to_owned()
        };
    }

    fn reheat_layout(&mut self) {
        self.canvas.reheat_layout();
    }

    fn restart_layout(&mut self) {
        self.canvas.restart_layout();
    }

    fn layout_stress(&mut self) {
        self.arrange(Algorithm::Stress, GroupBy::Kind);
    }

    fn layout_multilevel(&mut self) {
        self.arrange(Algorithm::Multilevel, GroupBy::Kind);
    }

    fn layout_hierarchical(&mut self) {
        self.arrange(Algorithm::Hierarchical, GroupBy::Kind);
    }

    fn layout_radial(&mut self) {
        self.arrange(Algorithm::Radial, GroupBy::Kind);
    }

    fn layout_circular_kind(&mut self) {
        self.arrange(Algorithm::Circular, GroupBy::Kind);
    }

    fn layout_circular_community(&mut self) {
        self.arrange(Algorithm::Circular, GroupBy::Community);
    }

    fn layout_grid(&mut self) {
        self.arrange(Algorithm::Grid, GroupBy::Kind);
    }

    fn layout_tidy(&mut self) {
        self.arrange(Algorithm::Tidy, GroupBy::Kind);
    }

    fn align_left(&mut self) {
        self.line_up(Lineup::Align(Align::Left));
    }

    fn align_centre(&mut self) {
        self.line_up(Lineup::Align(Align::Centre));
    }

    fn align_right(&mut self) {
        self.line_up(Lineup::Align(Align::Right));
    }

    fn align_top(&mut self) {
        self.line_up(Lineup::Align(Align::Top));
    }

    fn align_middle(&mut self) {
        self.line_up(Lineup::Align(Align::Middle));
    }

    fn align_bottom(&mut self) {
        self.line_up(Lineup::Align(Align::Bottom));
    }

    fn distribute_horizontally(&mut self) {
        self.line_up(Lineup::Distribute { horizontal: true });
    }

    fn distribute_vertically(&mut self) {
        self.line_up(Lineup::Distribute { horizontal: false });
    }

    fn export_map_svg(&mut self) {
        self.export_figure(PendingFigure::Map {
            format: MapFormat::Svg,
            claims: false,
        });
    }

    fn export_map_png(&mut self) {
        self.export_figure(PendingFigure::Map {
            format: MapFormat::Png(1.0),
            claims: false,
        });
    }

    fn export_map_png_2x(&mut self) {
        self.export_figure(PendingFigure::Map {
            format: MapFormat::Png(2.0),
            claims: false,
        });
    }

    fn next_view(&mut self) {
        let doc = self.ws.doc();
        let next = match self.explore.style_view {
            None if !doc.styles.views.is_empty() => Some(0),
            Some(v) if v + 1 < doc.styles.views.len() => Some(v + 1),
            _ => None,
        };
        self.choose_style_view(next);
    }

    fn toggle_data_table(&mut self) {
        self.data_table.open = !self.data_table.open;
    }

    fn show_rules(&mut self) {
        self.rules.open = !self.rules.open;
    }

    fn add_note(&mut self) {
        let doc = self.ws.doc();
        let on = crate::ui::canvas::notes::target_of(doc, &self.ws.selection);
        let at = match &on {
            Some(_) => {
                let [x, y] = crate::look::notes::NEW_NOTE_OFFSET;
                crate::model::Position::from_f32([x, y])
            }
            None => self
                .canvas
                .view_center()
                .unwrap_or_else(|| crate::model::Position::new(0.0, 0.0)),
        };
        let id = doc.new_note_id();
        let mut note = crate::model::Note::new(id.clone(), "Note", at);
        note.on = on;
        let mut notes = doc.notes.clone();
        notes.push(note);
        if self.edit("Add note".to_owned(), vec![Edit::SetNotes { notes }]) {
            self.canvas.set_notes_shown(true);
            self.note_window = Some(crate::ui::panels::notes::NoteWindow::new(id));
            self.status = "Type the note in the note window; drag its card to move it".into();
        }
    }

    fn compare_with(&mut self) {
        self.pick_merge_file(crate::ui::file_dialog::Purpose::Compare);
    }

    fn merge_map(&mut self) {
        self.pick_merge_file(crate::ui::file_dialog::Purpose::Merge);
    }

    fn show_merge_conflicts(&mut self) {
        self.merge_conflicts_open = true;
    }

    fn toggle_notes(&mut self) {
        let shown = !self.canvas.notes_shown();
        self.canvas.set_notes_shown(shown);
        self.status = if shown { "Notes shown" } else { "Notes hidden" }.to_owned();
    }

    fn group_selected(&mut self) {
        let selected = self.ws.selection.entities();
        let name = format!("Group {}", self.ws.doc().groups.len() + 1);
        match crate::edit::grouping::group_entities(self.ws.doc(), &selected, &name) {
            Ok((_, edit)) => {
                if self.edit(format!("Group {} entities", selected.len()), vec![edit]) {
                    self.status = format!(
                        "Grouped {} entities as \"{name}\"; rename it in the inspector",
                        selected.len()
                    );
                }
            }
            Err(e) => self.report("Could not group the selection".to_owned(), e),
        }
    }

    fn group_by_membership(&mut self) {
        match crate::edit::grouping::group_by_membership(self.ws.doc()) {
            Some(made) => {
                let label = format!("Group members of {} organisation(s)", made.groups);
                if self.edit(label.clone(), vec![made.edit]) {
                    self.status = if made.skipped > 0 {
                        format!(
                            "{label}; {} member(s) stayed in the group they were in",
                            made.skipped
                        )
                    } else {
                        label
                    };
                }
            }
            None => {
                self.status = "No organisation has two members not already grouped".to_owned();
            }
        }
    }

    fn ungroup_selected(&mut self) {
        let doc = self.ws.doc();
        let ids = crate::edit::grouping::groups_of(doc, &self.ws.selection.entities());
        match crate::edit::grouping::ungroup_all(doc, &ids) {
            Ok(edit) => {
                self.edit(format!("Ungroup {} group(s)", ids.len()), vec![edit]);
            }
            Err(e) => self.report("Could not ungroup".to_owned(), e),
        }
    }

    fn fold_selected(&mut self) {
        self.fold(true);
    }

    fn unfold_selected(&mut self) {
        self.fold(false);
    }

    fn usual_icons(&mut self) {
        let styles = crate::model::kinds::usual_icon_styles(self.ws.doc());
        if styles.is_empty() {
            self.status = "Every kind relmap knows an icon for has one already".to_owned();
            return;
        }
        let count = styles.len();
        let edits = styles
            .into_iter()
            .map(|(kind, style)| Edit::SetEntityStyle {
                kind,
                style: Some(style),
            })
            .collect();
        if self.edit("usual icons".to_owned(), edits) {
            self.status = format!("{count} kind(s) got their usual icon");
        }
    }

    fn theme_system(&mut self) {
        self.settings.theme = crate::ui::paint::WindowTheme::System;
    }

    fn theme_light(&mut self) {
        self.settings.theme = crate::ui::paint::WindowTheme::Light;
    }

    fn theme_dark(&mut self) {
        self.settings.theme = crate::ui::paint::WindowTheme::Dark;
    }

    fn export_map_pdf(&mut self) {
        self.export_figure(PendingFigure::Map {
            format: MapFormat::Pdf,
            claims: false,
        });
    }

    fn export_map_svg_claims(&mut self) {
        self.export_figure(PendingFigure::Map {
            format: MapFormat::Svg,
            claims: true,
        });
    }

    fn export_graphml(&mut self) {
        self.export_figure(PendingFigure::Data(OutFormat::GraphMl));
    }

    fn export_gexf(&mut self) {
        self.export_figure(PendingFigure::Data(OutFormat::Gexf));
    }

    fn export_node_link(&mut self) {
        self.export_figure(PendingFigure::Data(OutFormat::NodeLink));
    }

    fn export_csv(&mut self) {
        self.export_figure(PendingFigure::Data(OutFormat::Csv));
    }

    fn export_view_png(&mut self) {
        self.request_shot(ShotFor::Save);
    }

    fn export_view_png_2x(&mut self) {
        self.request_shot(ShotFor::Save2x);
    }

    fn copy_view_image(&mut self) {
        self.request_shot(ShotFor::Copy);
    }

    fn export_claims_csv(&mut self) {
        self.export_figure(PendingFigure::Table(Table::Claims, "csv"));
    }

    fn export_claims_markdown(&mut self) {
        self.export_figure(PendingFigure::Table(Table::Claims, "md"));
    }

    fn export_disputes_csv(&mut self) {
        self.export_figure(PendingFigure::Table(Table::Disputes, "csv"));
    }

    fn export_disputes_markdown(&mut self) {
        self.export_figure(PendingFigure::Table(Table::Disputes, "md"));
    }

    fn command_palette(&mut self) {
        self.palette = Some(Palette::default());
    }

    fn keyboard_shortcuts(&mut self) {
        self.help = Some(HelpWindow::Shortcuts);
    }

    fn about(&mut self) {
        self.help = Some(HelpWindow::About);
    }
}

impl RelmapApp {
    /// Shows the map in its view `view` (or its own rules), and says so.
    pub(super) fn choose_style_view(&mut self, view: Option<usize>) {
        let doc = self.ws.doc();
        self.explore.choose_view(doc, view);
        self.status = match self
            .explore
            .style_view
            .and_then(|v| doc.styles.views.get(v))
        {
            Some(view) => format!("View: {}", view.name),
            None => "View: the map's own rules".to_owned(),
        };
    }

    /// Takes in an undo or a redo: what it changed, and a status line; or why it could not.
    fn history_moved(
        &mut self,
        moved: Result<Option<crate::edit::Moved>, crate::edit::EditError>,
        done: &str,
        failed: &str,
    ) {
        match moved {
            Ok(Some(moved)) => {
                self.took_in(moved.touched);
                self.write_step(format!("{done} {}", lowercase_first(&moved.label)));
                self.status = format!("{done}: {}", moved.label);
            }
            Ok(None) => {}
            Err(e) => self.report(failed.into(), e),
        }
    }
}
