//! The importer's pitfall tags (issue 16).

use super::*;

#[test]
fn a_pitfall_tag_scores_the_reply_that_leads_there() {
    let story = parse_twee(
        ":: Start\nPatient: Bring it to my flat.\n[[I'll drop it round->Drop]]\n\
         [[It will be at the desk at nine->Desk]]\n[[No->Rude]]\n\n\
         :: Drop [giving-in retained]\nPatient: Thanks.\n\n\
         :: Desk [solve retained]\nPatient: Fine.\n\n\
         :: Rude [ignoring giving-in lost]\nPatient: Bye.\n",
    );
    let imported = convert(&story, "drop", "en");
    let yaml = to_yaml(&imported);
    let c = crate::scenario::check_str(&yaml);
    assert!(!c.has_errors(), "{yaml}\n{:?}", c.diagnostics);
    let s = c.scenario.unwrap();
    let choices = s.node(s.start).choices();
    assert_eq!(choices[0].pitfall, Some(Pitfall::GivingIn));
    assert!(choices[0].good.is_empty());
    assert_eq!(choices[1].pitfall, None);
    // A fatal tag wins over a pitfall tag: a reply is one or the other.
    assert_eq!(choices[2].fatal, Some(FatalKind::Ignoring));
    assert_eq!(choices[2].pitfall, None);
}
