//! Feeds arbitrary text to the condition parser; whatever parses is evaluated, listed and
//! printed. A crash or a hang here is a bug: any condition must parse or be reported.

use frontdesk::scenario::FlagIdx;
use frontdesk::scenario::condition::{Facts, parse};

struct Alternate;

impl Facts for Alternate {
    fn flag(&self, flag: FlagIdx) -> bool {
        flag.0 % 2 == 0
    }
    fn mood(&self) -> i32 {
        1
    }
}

fn main() {
    afl::fuzz!(|data: &[u8]| {
        let Ok(text) = std::str::from_utf8(data) else {
            return;
        };
        let mut names: Vec<String> = Vec::new();
        let parsed = parse(text, &mut |w| {
            let at = names.iter().position(|n| n == w).unwrap_or_else(|| {
                names.push(w.to_string());
                names.len() - 1
            });
            FlagIdx(at as u32)
        });
        if let Ok(c) = parsed {
            let _ = c.holds(&Alternate);
            let mut flags = Vec::new();
            c.flags(&mut flags);
            let _ = c.display(&names).to_string();
        }
    });
}
