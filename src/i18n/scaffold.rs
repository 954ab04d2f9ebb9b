//! The words `frontdesk new` writes into a fresh scenario (`scaffold-*` in
//! `locales/<code>/scaffold.ftl`). They are listed here, with the catalogue, so the test that
//! every language defines every message sees them too.

use fluent_bundle::FluentArgs;

/// The ids of the scaffold's words (`scaffold-*` in `locales/<code>/scaffold.ftl`).
pub const WORDS: &[&str] = &[
    "scaffold-ask1",
    "scaffold-ask2",
    "scaffold-attack-feedback",
    "scaffold-attack-text",
    "scaffold-attack-thought",
    "scaffold-bad-feedback",
    "scaffold-bad-text",
    "scaffold-bad-thought",
    "scaffold-branches",
    "scaffold-check",
    "scaffold-details",
    "scaffold-discuss",
    "scaffold-docs",
    "scaffold-flags",
    "scaffold-gone",
    "scaffold-good-feedback",
    "scaffold-good-text",
    "scaffold-good-thought",
    "scaffold-graph",
    "scaffold-intro",
    "scaffold-manager",
    "scaffold-opening-desk",
    "scaffold-opening-phone",
    "scaffold-p1",
    "scaffold-p2",
    "scaffold-roles",
    "scaffold-solve-feedback",
    "scaffold-solve-text",
    "scaffold-solve-thought",
    "scaffold-source",
    "scaffold-summary",
    "scaffold-thanks",
    "scaffold-title",
    "scaffold-variants",
    "scaffold-walk-out",
    "scaffold-watch",
];

/// The arguments every scaffold word is formatted with.
pub fn placeholders() -> FluentArgs<'static> {
    let mut args = FluentArgs::new();
    args.set("patient", "{patient}");
    args.set("doctor", "{doctor}");
    args
}
