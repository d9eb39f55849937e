//! What `relmap check` says of a map that opens but will not draw as written: kinds whose icon
//! relmap lacks, pictures that cannot be drawn, and views whose lens or filter names nothing.
//! None of these fails the check; each is drawn another way, which the line says.

/// Kinds whose icon relmap's catalogue lacks (a newer relmap's, or a typo): drawn without an
/// icon, which `check` says, with the icons of nearby names.
pub(super) fn print_unknown_icons(
    path: &std::path::Path,
    doc: &crate::model::Document,
) -> std::io::Result<()> {
    use crate::look::icons;
    for (kind, style) in &doc.styles.entities {
        let Some(name) = style.icon.as_deref() else {
            continue;
        };
        if icons::icon(name).is_some() {
            continue;
        }
        let near: Vec<&str> = name
            .split(['-', ' '])
            .flat_map(icons::search)
            .map(|i| i.name)
            .take(5)
            .collect();
        let hint = if near.is_empty() {
            String::new()
        } else {
            format!(" (perhaps {})", near.join(", "))
        };
        outln!(
            "{}: style for entity kind \"{kind}\": relmap has no icon \"{name}\"{hint}; the kind is drawn without one",
            path.display()
        )?;
    }
    Ok(())
}

/// Entities whose pictures cannot be drawn (a file not there, not an image, too large): each
/// is drawn with its kind's icon, which `check` says. Each is decoded as the window would.
pub(super) fn print_broken_pictures(
    path: &std::path::Path,
    doc: &crate::model::Document,
) -> std::io::Result<()> {
    use crate::io::pictures;
    let folder = super::export::map_folder(path);
    for e in &doc.entities {
        let Some(picture) = &e.picture else {
            continue;
        };
        if let Err(why) = pictures::load_square(picture, folder, 16) {
            outln!(
                "{}: entity \"{}\": its picture is not drawn ({why}); it is drawn with its kind's icon",
                path.display(),
                e.id
            )?;
        }
    }
    Ok(())
}

/// Views whose lens, source or claimant names nothing in the map (a typo, or an entity since
/// removed): the view is drawn without it, which `check` says.
pub(super) fn print_dangling_views(
    path: &std::path::Path,
    doc: &crate::model::Document,
) -> std::io::Result<()> {
    for view in &doc.styles.views {
        let mut missing = Vec::new();
        if let Some(lens) = &view.lens
            && crate::query::perspective_named(doc, lens).is_none()
        {
            missing.push(format!("lens \"{lens}\""));
        }
        if let Some(source) = &view.filter.source
            && doc.source(source).is_none()
        {
            missing.push(format!("source \"{source}\""));
        }
        if let Some(claimant) = &view.filter.claimant
            && doc.entity(claimant).is_none()
        {
            missing.push(format!("claimant \"{claimant}\""));
        }
        for m in missing {
            outln!(
                "{}: view \"{}\": its {m} is not in the map; the view is drawn without it",
                path.display(),
                view.name
            )?;
        }
    }
    Ok(())
}

/// Names each note attached to something no longer in the map: it is kept, but not drawn.
pub(super) fn print_dangling_notes(
    path: &std::path::Path,
    doc: &crate::model::Document,
) -> std::io::Result<()> {
    use crate::model::NoteTarget;
    for note in &doc.notes {
        let Some(target) = note.on.as_ref().filter(|t| !doc.has_target(t)) else {
            continue;
        };
        let what = match target {
            NoteTarget::Entity(id) => format!("entity \"{id}\""),
            NoteTarget::Relation(id) => format!("relation \"{id}\""),
            NoteTarget::Group(id) => format!("group \"{id}\""),
        };
        outln!(
            "{}: note \"{}\": it is attached to {what}, which is not in the map; it is kept but \
             not drawn",
            path.display(),
            note.id
        )?;
    }
    Ok(())
}
