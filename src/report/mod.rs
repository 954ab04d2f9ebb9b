//! What the trainer gets back from runs, outside SQLite: the Progress screen's figures, the
//! exports of the history, and the Markdown record of a group session.

mod export;
mod group;
mod markdown;
mod progress;

pub use export::{ExportFormat, csv_cell, export, markdown_text};
pub use group::group_markdown;
pub use markdown::escape as markdown_escape;
pub use progress::{
    GroupSessionLine, Progress, ScenarioScores, Series, WrongDecision, progress, scores,
};

#[cfg(test)]
mod tests;
