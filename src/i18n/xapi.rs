//! The trainer's line about sending results to the LRS (`locales/<code>/xapi.ftl`). Listed
//! here, with the catalogue, so the test that every language defines every message sees them.

use super::Texts;

/// Messages without arguments.
pub const PLAIN: &[&str] = &[
    "xapi-sending",
    "xapi-all-sent",
    "xapi-why-unreachable",
    "xapi-why-timeout",
    "xapi-why-password",
    "xapi-why-refused",
    "xapi-why-history",
];

/// Messages with a count `$n`.
pub const COUNTED: &[&str] = &["xapi-waiting", "xapi-sent"];

impl Texts {
    /// "Sending results to the learning record store…"
    pub fn xapi_sending(&self) -> &'static str {
        self.get("xapi-sending")
    }

    /// "All results are in the learning record store."
    pub fn xapi_all_sent(&self) -> &'static str {
        self.get("xapi-all-sent")
    }

    /// "N runs waiting to be sent".
    pub fn xapi_waiting(&self, n: u64) -> String {
        self.count("xapi-waiting", n)
    }

    /// "N runs sent to the learning record store".
    pub fn xapi_sent(&self, n: u64) -> String {
        self.count("xapi-sent", n)
    }

    /// Why runs wait, by kind: `unreachable`, `timeout`, `password`, `refused`, `history`.
    pub fn xapi_why(&self, kind: &str) -> &'static str {
        self.get(match kind {
            "unreachable" => "xapi-why-unreachable",
            "timeout" => "xapi-why-timeout",
            "password" => "xapi-why-password",
            "refused" => "xapi-why-refused",
            _ => "xapi-why-history",
        })
    }
}
