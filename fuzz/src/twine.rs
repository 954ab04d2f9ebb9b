//! Feeds arbitrary text to the Twine importer, as Twee and as published HTML, and converts
//! whatever story comes out. A crash or a hang here is a bug: any text must import or be
//! reported.

fn main() {
    afl::fuzz!(|data: &[u8]| {
        let Ok(text) = std::str::from_utf8(data) else {
            return;
        };
        use frontdesk::authoring::twine;
        let story = twine::parse_twee(text);
        let _ = twine::to_yaml(&twine::convert(&story, "fuzz", "en"));
        if let Some(story) = twine::parse_html(text) {
            let _ = twine::to_yaml(&twine::convert(&story, "fuzz", "en"));
        }
    });
}
