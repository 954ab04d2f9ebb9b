//! Interface text, one table per language. Scenario text comes from the scenario files; this is
//! everything else the trainer says.

use crate::scenario::{Ending, FatalKind, Setting, Technique};

/// A language of the interface.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum UiLang {
    /// English.
    En,
    /// Russian.
    Ru,
}

impl UiLang {
    /// The language code, also used to pick scenarios.
    pub fn code(self) -> &'static str {
        match self {
            UiLang::En => "en",
            UiLang::Ru => "ru",
        }
    }

    /// The interface language for a scenario language code (English for any other).
    pub fn from_code(code: &str) -> Self {
        if code == "ru" { UiLang::Ru } else { UiLang::En }
    }

    /// The other language, for the language switch.
    pub fn toggled(self) -> Self {
        match self {
            UiLang::En => UiLang::Ru,
            UiLang::Ru => UiLang::En,
        }
    }

    /// The text table.
    pub fn texts(self) -> &'static Texts {
        match self {
            UiLang::En => &EN,
            UiLang::Ru => &RU,
        }
    }
}

/// The language asked for: `--lang`, else `LC_ALL`, else `LANG`, else English. Returns the
/// two-letter code (`ru_RU.UTF-8` gives `ru`; `C` and `POSIX` give `en`).
pub fn detect_lang(flag: Option<&str>, lc_all: Option<&str>, lang: Option<&str>) -> String {
    let from_env = |v: Option<&str>| {
        let v = v?.trim();
        if v.is_empty() || v == "C" || v == "POSIX" || v.starts_with("C.") {
            return None;
        }
        let code: String = v
            .chars()
            .take_while(|c| c.is_ascii_alphabetic())
            .collect::<String>()
            .to_ascii_lowercase();
        (2..=3).contains(&code.len()).then_some(code)
    };
    flag.map(|s| s.to_ascii_lowercase())
        .or_else(|| from_env(lc_all))
        .or_else(|| from_env(lang))
        .unwrap_or_else(|| "en".to_string())
}

/// What a key does, for the hint bar and the help screen.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Msg {
    Move,
    Start,
    Language,
    Mode,
    Phrasebook,
    Help,
    Quit,
    QuitNow,
    Back,
    Pick,
    Choose,
    Continue,
    TryAnother,
    Home,
    Replay,
    Scroll,
    Search,
    FinishSearch,
    DeleteChar,
    TypeToSearch,
    Decisions,
    CloseHelp,
    Present,
    Next,
    StepBack,
    Vote,
    ClearVotes,
    Blank,
    Unblank,
    EndSession,
    Stay,
    Resume,
    Progress,
    Scenario,
}

/// Every string of the interface in one language.
#[derive(Debug)]
pub struct Texts {
    pub you: &'static str,
    pub narrator: &'static str,
    pub thinks: &'static str,
    pub better: &'static str,
    pub your_reply: &'static str,
    pub not_a_reply: &'static str,
    pub debrief: &'static str,
    pub outcome: &'static str,
    pub walked_out: &'static str,
    pub score: &'static str,
    pub fatal_errors: &'static str,
    pub none: &'static str,
    pub poor_replies: &'static str,
    pub all_good: &'static str,
    pub at_node: &'static str,
    pub you_said: &'static str,
    pub neutral: &'static str,
    pub fallback_notice: &'static str,
    pub phone: &'static str,
    pub desk: &'static str,
    pub difficulty: &'static str,
    pub pick_scenario: &'static str,
    pub retries: &'static str,
    pub mood_words: [&'static str; 4],
    pub mood: &'static str,
    pub language_name: &'static str,
    pub scenarios: &'static str,
    pub practice: &'static str,
    pub exam: &'static str,
    pub mode_label: &'static str,
    pub replies: &'static str,
    pub feedback: &'static str,
    pub conversation: &'static str,
    pub mood_over_time: &'static str,
    pub decisions: &'static str,
    pub what_you_said: &'static str,
    pub best_reply: &'static str,
    pub phrasebook: &'static str,
    pub search: &'static str,
    pub no_matches: &'static str,
    pub help: &'static str,
    pub too_small: &'static str,
    pub now: &'static str,
    pub retried: &'static str,
    pub exam_note: &'static str,
    pub source: &'static str,
    pub best_score: &'static str,
    pub no_scenarios: &'static str,
    pub decision: &'static str,
    pub reply: &'static str,
    pub stages: [&'static str; 5],
    pub discuss: &'static str,
    pub votes: &'static str,
    pub room_chose: &'static str,
    pub fatal_share: &'static str,
    pub no_votes: &'static str,
    pub leaning: &'static str,
    pub no_leaning: &'static str,
    pub time_up: &'static str,
    pub group_debrief: &'static str,
    pub room_path: &'static str,
    pub end_confirm: &'static str,
    pub chosen_by_trainer: &'static str,
    pub report_written: &'static str,
    pub report_failed: &'static str,
    pub ended_early: &'static str,
    pub date: &'static str,
    pub scenario: &'static str,
    pub progress: &'static str,
    pub not_recording: &'static str,
    pub no_history: &'static str,
    pub last: &'static str,
    pub scores_over_time: &'static str,
    pub fatal_30d: &'static str,
    pub least_technique: &'static str,
    pub most_missed: &'static str,
    pub times: &'static str,
    pub runs: &'static str,
    pub watch_errors: &'static str,
}

impl Texts {
    /// The name of a fatal error.
    pub fn fatal(&self, k: FatalKind) -> &'static str {
        match (self.is_ru(), k) {
            (false, _) => k.as_str(),
            (true, FatalKind::Justifying) => "оправдание",
            (true, FatalKind::Ignoring) => "игнорирование",
            (true, FatalKind::CounterAttacking) => "контратака",
        }
    }

    /// The name of a technique.
    pub fn technique(&self, t: Technique) -> &'static str {
        if !self.is_ru() {
            return match t {
                Technique::FollowUp => "follow-up call",
                Technique::ActiveListening => "active listening",
                Technique::CheckUnderstanding => "check understanding",
                Technique::UseName => "use the name",
                other => other.as_str(),
            };
        }
        match t {
            Technique::Acknowledge => "признать чувства",
            Technique::Clarify => "уточняющие вопросы",
            Technique::Boundary => "вежливое «нет»",
            Technique::Compensate => "компенсация",
            Technique::Refer => "бережная переадресация",
            Technique::FollowUp => "обратный звонок",
            Technique::ActiveListening => "активное слушание",
            Technique::CheckUnderstanding => "проверка понимания",
            Technique::UseName => "обращение по имени",
            Technique::Inform => "информирование",
            Technique::Document => "фиксация",
            Technique::Solve => "решение",
        }
    }

    /// The name of an ending.
    pub fn ending(&self, e: Ending) -> &'static str {
        match (self.is_ru(), e) {
            (false, Ending::Retained) => "retained: the patient stays",
            (false, Ending::Referred) => "referred with care",
            (false, Ending::Escalated) => "escalated: the complaint goes further",
            (false, Ending::Lost) => "lost: the patient will not come back",
            (true, Ending::Retained) => "пациент остался с клиникой",
            (true, Ending::Referred) => "пациент бережно передан в другую клинику",
            (true, Ending::Escalated) => "конфликт ушёл выше",
            (true, Ending::Lost) => "пациент потерян",
        }
    }

    /// The word for a setting.
    pub fn setting(&self, s: Setting) -> &'static str {
        match s {
            Setting::Phone => self.phone,
            Setting::Desk => self.desk,
        }
    }

    /// A word for a mood value: calm, tense, angry, leaving.
    pub fn mood_word(&self, mood: i32, leave_below: Option<i32>) -> &'static str {
        let leaving = leave_below.is_some_and(|l| mood < l + 2);
        let i = if leaving {
            3
        } else if mood >= 0 {
            0
        } else if mood >= -3 {
            1
        } else {
            2
        };
        self.mood_words[i]
    }

    /// The verdict on a reply in symbol and words, so it never rests on colour alone:
    /// `✗ justifying`, `· neutral`, `✓ clarify, solve`.
    pub fn verdict(&self, fatal: Option<FatalKind>, good: &[Technique]) -> String {
        match fatal {
            Some(k) => format!("✗ {}", self.fatal(k)),
            None if good.is_empty() => format!("· {}", self.neutral),
            None => {
                let names: Vec<&str> = good.iter().map(|g| self.technique(*g)).collect();
                format!("✓ {}", names.join(", "))
            }
        }
    }

    /// "wrong 3 times", for the Progress screen.
    pub fn wrong_times(&self, n: u32) -> String {
        if self.is_ru() {
            format!("ошибок: {n}")
        } else if n == 1 {
            "wrong once".to_string()
        } else {
            format!("wrong {n} times")
        }
    }

    /// What a key does.
    pub fn msg(&self, m: Msg) -> &'static str {
        if self.is_ru() {
            return match m {
                Msg::Move => "выбор",
                Msg::Start => "начать",
                Msg::Language => "язык",
                Msg::Mode => "режим",
                Msg::Phrasebook => "разговорник",
                Msg::Help => "справка",
                Msg::Quit => "выход",
                Msg::QuitNow => "выйти сразу",
                Msg::Back => "назад",
                Msg::Pick => "ответить",
                Msg::Choose => "выбрать",
                Msg::Continue => "дальше",
                Msg::TryAnother => "другой ответ",
                Msg::Home => "к списку",
                Msg::Replay => "ещё раз",
                Msg::Scroll => "прокрутка",
                Msg::Search => "поиск",
                Msg::FinishSearch => "готово",
                Msg::DeleteChar => "стереть",
                Msg::TypeToSearch => "печатайте для поиска",
                Msg::Decisions => "решения",
                Msg::CloseHelp => "закрыть",
                Msg::Present => "группа",
                Msg::Next => "дальше",
                Msg::StepBack => "назад",
                Msg::Vote => "голос",
                Msg::ClearVotes => "сброс",
                Msg::Blank => "гасить",
                Msg::Unblank => "вернуть экран",
                Msg::EndSession => "конец",
                Msg::Stay => "остаться",
                Msg::Resume => "продолжить",
                Msg::Progress => "прогресс",
                Msg::Scenario => "сценарий",
            };
        }
        match m {
            Msg::Move => "move",
            Msg::Start => "start",
            Msg::Language => "language",
            Msg::Mode => "mode",
            Msg::Phrasebook => "phrases",
            Msg::Help => "help",
            Msg::Quit => "quit",
            Msg::QuitNow => "quit at once",
            Msg::Back => "back",
            Msg::Pick => "reply",
            Msg::Choose => "choose",
            Msg::Continue => "continue",
            Msg::TryAnother => "try another reply",
            Msg::Home => "scenarios",
            Msg::Replay => "replay",
            Msg::Scroll => "scroll",
            Msg::Search => "search",
            Msg::FinishSearch => "done",
            Msg::DeleteChar => "delete",
            Msg::TypeToSearch => "type to search",
            Msg::Decisions => "decisions",
            Msg::CloseHelp => "close",
            Msg::Present => "group",
            Msg::Next => "next",
            Msg::StepBack => "back",
            Msg::Vote => "vote",
            Msg::ClearVotes => "clear",
            Msg::Blank => "blank",
            Msg::Unblank => "bring the screen back",
            Msg::EndSession => "end",
            Msg::Stay => "stay",
            Msg::Resume => "resume",
            Msg::Progress => "progress",
            Msg::Scenario => "scenario",
        }
    }

    fn is_ru(&self) -> bool {
        std::ptr::eq(self, &RU)
    }
}

/// English.
pub static EN: Texts = Texts {
    you: "You",
    narrator: "*",
    thinks: "thinks",
    better: "Better",
    your_reply: "Your reply",
    not_a_reply: "Type the number of a reply",
    debrief: "Debrief",
    outcome: "Outcome",
    walked_out: "the patient walked out",
    score: "Score",
    fatal_errors: "Fatal errors",
    none: "none",
    poor_replies: "What would have worked better",
    all_good: "No poor replies: every decision was among the best on offer.",
    at_node: "At",
    you_said: "you said",
    neutral: "neutral",
    fallback_notice: "is not available in this language; showing it in",
    phone: "phone",
    desk: "desk",
    difficulty: "difficulty",
    pick_scenario: "Pick a scenario",
    retries: "Retries",
    mood_words: ["calm", "tense", "angry", "leaving"],
    mood: "Mood",
    language_name: "English",
    scenarios: "Scenarios",
    practice: "practice",
    exam: "exam",
    mode_label: "Mode",
    replies: "Your reply",
    feedback: "What happened",
    conversation: "Conversation",
    mood_over_time: "Mood over the conversation",
    decisions: "Your decisions",
    what_you_said: "You said",
    best_reply: "Best reply here",
    phrasebook: "Phrasebook: good replies by technique",
    search: "Search",
    no_matches: "Nothing matches.",
    help: "Keys",
    too_small: "frontdesk needs a window of at least",
    now: "now",
    retried: "retried",
    exam_note: "Exam: no feedback until the end.",
    source: "Source",
    best_score: "best",
    no_scenarios: "No scenarios in this language.",
    decision: "Decision",
    reply: "Reply",
    stages: ["Scene", "Discuss", "Vote", "Choose", "Reveal"],
    discuss: "Discuss",
    votes: "votes",
    room_chose: "The room chose",
    fatal_share: "of the room voted for a fatal error",
    no_votes: "no votes counted",
    leaning: "The room leaned most to",
    no_leaning: "The room never voted for a fatal error.",
    time_up: "Time's up: the room decides.",
    group_debrief: "Group debrief",
    room_path: "The room's path",
    end_confirm: "End the session? Esc again to leave, any other key to stay.",
    chosen_by_trainer: "chosen by the trainer",
    report_written: "Report written to",
    report_failed: "Could not write the report",
    ended_early: "The session ended before the conversation did.",
    date: "Date",
    scenario: "Scenario",
    progress: "Progress",
    not_recording: "Not recording",
    no_history: "No finished runs yet: play a scenario and your scores appear here.",
    last: "last",
    scores_over_time: "Score over time",
    fatal_30d: "Fatal errors, last 30 days",
    least_technique: "Technique you used least",
    most_missed: "Decisions you most often get wrong",
    times: "times",
    runs: "runs",
    watch_errors: "the file has errors; fix and save (the last good version is shown)",
};

/// Russian.
pub static RU: Texts = Texts {
    you: "Вы",
    narrator: "*",
    thinks: "думает",
    better: "Лучше",
    your_reply: "Ваш ответ",
    not_a_reply: "Введите номер ответа",
    debrief: "Разбор",
    outcome: "Итог",
    walked_out: "пациент ушёл",
    score: "Баллы",
    fatal_errors: "Фатальные ошибки",
    none: "нет",
    poor_replies: "Что сработало бы лучше",
    all_good: "Слабых ответов нет: каждый раз вы выбирали один из лучших.",
    at_node: "В сцене",
    you_said: "вы сказали",
    neutral: "нейтрально",
    fallback_notice: "нет на этом языке; показываю на языке",
    phone: "телефон",
    desk: "стойка",
    difficulty: "сложность",
    pick_scenario: "Выберите сценарий",
    retries: "Повторы",
    mood_words: ["спокойствие", "напряжение", "гнев", "уходит"],
    mood: "Настроение",
    language_name: "Русский",
    scenarios: "Сценарии",
    practice: "тренировка",
    exam: "экзамен",
    mode_label: "Режим",
    replies: "Ваш ответ",
    feedback: "Что произошло",
    conversation: "Разговор",
    mood_over_time: "Настроение по ходу разговора",
    decisions: "Ваши решения",
    what_you_said: "Вы сказали",
    best_reply: "Лучший ответ здесь",
    phrasebook: "Разговорник: удачные ответы по приёмам",
    search: "Поиск",
    no_matches: "Ничего не найдено.",
    help: "Клавиши",
    too_small: "frontdesk нужно окно не меньше",
    now: "сейчас",
    retried: "повтор",
    exam_note: "Экзамен: разбор только в конце.",
    source: "Источник",
    best_score: "лучший",
    no_scenarios: "На этом языке сценариев нет.",
    decision: "Решение",
    reply: "Ответ",
    stages: ["Сцена", "Обсуждение", "Голосование", "Выбор", "Итог"],
    discuss: "Обсудите",
    votes: "голосов",
    room_chose: "Группа выбрала",
    fatal_share: "группы проголосовали за фатальную ошибку",
    no_votes: "голоса не считались",
    leaning: "Чаще всего группа склонялась к ошибке",
    no_leaning: "Группа ни разу не голосовала за фатальную ошибку.",
    time_up: "Время вышло: решает группа.",
    group_debrief: "Разбор с группой",
    room_path: "Путь группы",
    end_confirm: "Завершить занятие? Esc ещё раз — выйти, любая другая клавиша — остаться.",
    chosen_by_trainer: "выбор тренера",
    report_written: "Отчёт записан в",
    report_failed: "Не удалось записать отчёт",
    ended_early: "Занятие закончилось раньше разговора.",
    date: "Дата",
    scenario: "Сценарий",
    progress: "Прогресс",
    not_recording: "История не записывается",
    no_history: "Завершённых разговоров пока нет: пройдите сценарий, и баллы появятся здесь.",
    last: "последний",
    scores_over_time: "Баллы по времени",
    fatal_30d: "Фатальные ошибки за 30 дней",
    least_technique: "Приём, который вы используете реже всего",
    most_missed: "Решения, в которых вы чаще всего ошибаетесь",
    times: "раз",
    runs: "попыток",
    watch_errors: "в файле ошибки; исправьте и сохраните (показана последняя рабочая версия)",
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn language_detection_order() {
        assert_eq!(detect_lang(Some("RU"), Some("en_US.UTF-8"), None), "ru");
        assert_eq!(detect_lang(None, Some("ru_RU.UTF-8"), Some("en_GB")), "ru");
        assert_eq!(detect_lang(None, None, Some("ru_RU.UTF-8")), "ru");
        assert_eq!(detect_lang(None, Some("C"), Some("ru_RU")), "ru");
        assert_eq!(detect_lang(None, Some(""), Some("C.UTF-8")), "en");
        assert_eq!(detect_lang(None, None, None), "en");
    }

    #[test]
    fn russian_names_every_fatal_kind() {
        for k in FatalKind::ALL {
            assert_ne!(RU.fatal(*k), EN.fatal(*k));
        }
        for t in Technique::ALL {
            assert!(!RU.technique(*t).is_ascii());
        }
    }
}
