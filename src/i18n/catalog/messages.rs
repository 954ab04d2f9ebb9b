//! The messages without vocabulary: one typed accessor each, and the list of every message id
//! the completeness test checks in every language.

use super::{Count, Msg, Texts};
use crate::scenario::{Ending, FatalKind, Pitfall, Setting, Technique};

pub(super) const STAGES: [&str; 5] = [
    "stage-scene",
    "stage-discuss",
    "stage-vote",
    "stage-choose",
    "stage-reveal",
];
pub(super) const MOODS: [&str; 4] = ["mood-calm", "mood-tense", "mood-angry", "mood-leaving"];
const SETTINGS: [Setting; 2] = [Setting::Desk, Setting::Phone];

/// Declares the messages without vocabulary: an accessor each, and the lists the tests check.
macro_rules! messages {
    (
        plain { $($name:ident => $id:literal),+ $(,)? }
        counted { $($cname:ident => $cid:literal),+ $(,)? }
    ) => {
        impl Texts {

            $(
                #[doc = concat!("The message `", $id, "`.")]
                pub fn $name(&self) -> &'static str {
                    self.get($id)
                }
            )+
            $(
                #[doc = concat!("The message `", $cid, "` for a count `$n`.")]
                pub fn $cname(&self, n: impl Count) -> String {
                    self.count($cid, n)
                }
            )+
        }

        const PLAIN: &[&str] = &[$($id),+];
        const COUNTED: &[&str] = &[$($cid),+];
    };
}

messages! {
    plain {
        language_name => "language-name",
        you => "you",
        narrator => "narrator",
        thinks => "thinks",
        better => "better",
        your_reply => "your-reply",
        not_a_reply => "not-a-reply",
        replies => "replies",
        feedback => "feedback",
        mood => "mood",
        neutral => "neutral",
        debrief => "debrief",
        outcome => "outcome",
        walked_out => "walked-out",
        score => "score",
        fatal_errors => "fatal-errors",
        poor_replies => "poor-replies",
        all_good => "all-good",
        you_said => "you-said",
        retries => "retries",
        retried => "retried",
        mood_over_time => "mood-over-time",
        decisions => "decisions",
        what_you_said => "what-you-said",
        best_reply => "best-reply",
        fallback_notice => "fallback-notice",
        difficulty => "difficulty",
        pick_scenario => "pick-scenario",
        scenarios => "scenarios",
        practice => "practice",
        exam => "exam",
        mode_label => "mode-label",
        exam_note => "exam-note",
        source => "source",
        best_score => "best-score",
        last => "last",
        no_scenarios => "no-scenarios",
        phrasebook => "phrasebook",
        search => "search",
        no_matches => "no-matches",
        help => "help",
        too_small => "too-small",
        now => "now",
        watch_errors => "watch-errors",
        decision => "decision",
        reply => "reply",
        discuss => "discuss",
        votes_column => "votes-column",
        room_chose => "room-chose",
        fatal_share => "fatal-share",
        no_votes => "no-votes",
        leaning => "leaning",
        no_leaning => "no-leaning",
        time_up => "time-up",
        group_debrief => "group-debrief",
        room_path => "room-path",
        end_confirm => "end-confirm",
        chosen_by_trainer => "chosen-by-trainer",
        report_written => "report-written",
        report_failed => "report-failed",
        ended_early => "ended-early",
        date => "date",
        scenario => "scenario",
        progress => "progress",
        not_recording => "not-recording",
        no_history => "no-history",
        scores_over_time => "scores-over-time",
        fatal_30d => "fatal-30d",
        least_technique => "least-technique",
        most_missed => "most-missed",
        notes => "notes",
        narrator_line => "narrator-line",
        trainer => "trainer",
        group_name => "group-name",
        start_time => "start-time",
        duration => "duration",
        timer => "timer",
        timer_off => "timer-off",
        headcount => "headcount",
        verdicts_shown => "verdicts-shown",
        after_each => "after-each",
        at_the_end => "at-the-end",
        summary => "summary",
        number_column => "number-column",
        room_votes => "room-votes",
        reply_taken => "reply-taken",
        whose_choice => "whose-choice",
        verdict_column => "verdict-column",
        speaker_column => "speaker-column",
        line_column => "line-column",
        letter_column => "letter-column",
        taken_column => "taken-column",
        by_room => "by-room",
        trainer_override => "trainer-override",
        tie => "tie",
        watch_removed => "watch-removed",
        watch_unreadable => "watch-unreadable",
        // The solo trainer (locales/*/solo.ftl).
        the_end => "the-end",
        ending_enter => "ending-enter",
        walk_out_title => "walk-out-title",
        leave_question => "leave-question",
        leave_keys => "leave-keys",
        tried => "tried",
        more_above => "more-above",
        more_below => "more-below",
        details => "details",
        scenario_id => "scenario-id",
        languages => "languages",
        intro_title => "intro-title",
        intro_goal => "intro-goal",
        intro_fatal_heading => "intro-fatal-heading",
        intro_fatal_justifying => "intro-fatal-justifying",
        intro_fatal_ignoring => "intro-fatal-ignoring",
        intro_fatal_counter => "intro-fatal-counter",
        intro_example => "intro-example",
        intro_works_heading => "intro-works-heading",
        intro_works => "intro-works",
        intro_modes_heading => "intro-modes-heading",
        intro_practice => "intro-practice",
        intro_exam => "intro-exam",
        intro_score_heading => "intro-score-heading",
        intro_score => "intro-score",
        intro_mood_heading => "intro-mood-heading",
        intro_mood => "intro-mood",
        intro_keys => "intro-keys",
        letters => "letters",
        your_group_sessions => "your-group-sessions",
        trainer_chose => "trainer-chose",
        the_room => "the-room",
        tie_between => "tie-between",
        and => "and",
        nobody_voted_title => "nobody-voted-title",
        pick_a_letter => "pick-a-letter",
        all_replies => "all-replies",
        looking_back => "looking-back",
        count_typed => "count-typed",
        nobody_voted => "nobody-voted",
        how_it_ended => "how-it-ended",
        replay => "replay",
        // Pitfalls (locales/*/pitfalls.ftl).
        pitfalls => "pitfalls",
        pitfalls_30d => "pitfalls-30d",
        intro_pitfall_heading => "intro-pitfall-heading",
        intro_pitfall => "intro-pitfall",
        // Votes from phones (locales/*/phones.ftl).
        phones_join => "phones-join",
        phones_room_code => "phones-room-code",
        phone_title => "phone-title",
        phone_patient => "phone-patient",
        phone_your_vote => "phone-your-vote",
        phone_tap_to_change => "phone-tap-to-change",
        phone_tap_to_vote => "phone-tap-to-vote",
        phone_vote_button => "phone-vote-button",
        phone_voting_closed => "phone-voting-closed",
        phone_waiting => "phone-waiting",
        phone_ended => "phone-ended",
        phone_verdict => "phone-verdict",
        phone_wrong_room => "phone-wrong-room",
        phone_not_found => "phone-not-found",
        phone_too_big => "phone-too-big",
        phone_slow_down => "phone-slow-down",
        phone_back => "phone-back",
        // The trainer's console (locales/*/console.ftl).
        console_title => "console-title",
        console_only_you => "console-only-you",
        console_next => "console-next",
        console_hands => "console-hands",
        console_phones => "console-phones",
        console_blank => "console-blank",
        console_confirm_leave => "console-confirm-leave",
        console_ended => "console-ended",
        console_gone => "console-gone",
        console_detach => "console-detach",
        console_coaching => "console-coaching",
    }
    counted {
        headcount_short => "n-people",
        minutes => "n-minutes",
        seconds => "n-seconds",
        runs => "n-runs",
        votes => "n-votes",
        times => "n-times",
        wrong_times => "wrong-times",
        phones_joined => "n-phones-joined",
        decision_number => "decision-number",
    }
}

/// What arguments a message takes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// None.
    Plain,
    /// A number `$n`.
    Count,
    /// The scaffold's `$patient` and `$doctor`.
    Scaffold,
}

/// Every message id the code uses, with its arguments: the list the completeness test checks in
/// every language.
pub fn message_ids() -> Vec<(String, Kind)> {
    let plain = PLAIN
        .iter()
        .chain(&STAGES)
        .chain(&MOODS)
        .map(|s| s.to_string())
        .chain(Msg::ALL.iter().map(|m| m.id().to_string()))
        .chain(
            FatalKind::ALL
                .iter()
                .map(|k| format!("fatal-{}", k.as_str())),
        )
        .chain(
            Pitfall::ALL
                .iter()
                .map(|k| format!("pitfall-{}", k.as_str())),
        )
        .chain(
            Technique::ALL
                .iter()
                .map(|t| format!("technique-{}", t.as_str())),
        )
        .chain(Ending::ALL.iter().map(|e| format!("ending-{}", e.as_str())))
        .chain(SETTINGS.iter().map(|s| format!("setting-{}", s.as_str())))
        .chain(crate::i18n::xapi::PLAIN.iter().map(|s| s.to_string()));
    plain
        .map(|id| (id, Kind::Plain))
        .chain(
            COUNTED
                .iter()
                .chain(crate::i18n::xapi::COUNTED)
                .map(|id| (id.to_string(), Kind::Count)),
        )
        .chain(
            crate::i18n::scaffold::WORDS
                .iter()
                .map(|id| (id.to_string(), Kind::Scaffold)),
        )
        .collect()
}
