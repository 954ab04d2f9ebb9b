//! Tools for trainers who write scenarios: the graph, the statistics, the tells linter, a
//! scaffold to start from and the Twine importer. The JSON Schema lives with the format (`scenario::format`).

pub mod graph;
pub mod scaffold;
pub mod stats;
pub mod tells;
pub mod twine;
