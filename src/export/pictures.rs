//! Entities' pictures for a figure: each distinct picture read, decoded and cropped once (on
//! rayon's pool), then embedded in the SVG as a small JPEG or PNG data URI, so an SVG, its PNG
//! and its PDF carry their pictures with them. A picture that cannot be drawn leaves its
//! entity as it would be without one, and is listed in [`FigurePictures::problems`] for the
//! caller to report.

use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use base64::Engine as _;
use rayon::prelude::*;

use crate::io::pictures::{self, PictureError};
use crate::model::{Document, EntityId, Picture};

/// How many pixels across a figure's picture is: an entity's shape is 24 points across, so
/// this keeps its detail when a figure is printed, or scaled up to three times by a rule.
pub const FIGURE_SIDE: u32 = 160;

/// The pictures a figure draws, by entity index.
#[derive(Debug, Clone, Default)]
pub struct FigurePictures {
    by_entity: Vec<Option<Arc<str>>>,
    /// The entities whose pictures could not be drawn, and why.
    pub problems: Vec<(EntityId, PictureError)>,
}

impl FigurePictures {
    /// Reads every entity's picture; relative paths from `folder`, the map's.
    pub fn load(doc: &Document, folder: Option<&Path>) -> Self {
        let mut users: HashMap<&Picture, Vec<usize>> = HashMap::new();
        for (i, e) in doc.entities.iter().enumerate() {
            if let Some(p) = &e.picture {
                users.entry(p).or_default().push(i);
            }
        }
        let mut distinct: Vec<(&Picture, Vec<usize>)> = users.into_iter().collect();
        // In document order, so problems are listed as the map lists its entities.
        distinct.sort_by_key(|(_, users)| users[0]);
        let loaded: Vec<Result<Arc<str>, PictureError>> = distinct
            .par_iter()
            .map(|(picture, _)| data_uri(picture, folder))
            .collect();
        let mut out = Self {
            by_entity: vec![None; doc.entities.len()],
            problems: Vec::new(),
        };
        for ((_, users), result) in distinct.into_iter().zip(loaded) {
            match result {
                Ok(uri) => {
                    for i in users {
                        out.by_entity[i] = Some(uri.clone());
                    }
                }
                Err(e) => out.problems.extend(
                    users
                        .iter()
                        .map(|&i| (doc.entities[i].id.clone(), e.clone())),
                ),
            }
        }
        out
    }

    /// The data URI of entity `i`'s picture, when it has one that could be drawn.
    pub fn of(&self, i: usize) -> Option<&str> {
        self.by_entity.get(i)?.as_deref()
    }
}

fn data_uri(picture: &Picture, folder: Option<&Path>) -> Result<Arc<str>, PictureError> {
    let square = pictures::load_square(picture, folder, FIGURE_SIDE)?;
    let (media_type, bytes) = pictures::encode_for_figure(&square)?;
    let data = base64::engine::general_purpose::STANDARD.encode(bytes);
    Ok(Arc::from(format!("data:{media_type};base64,{data}")))
}
