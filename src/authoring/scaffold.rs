//! `frontdesk new`: a small, valid, commented scenario to start from.

use crate::scenario::Setting;

/// The scaffold for `id` in `lang` (`ru` gets Russian text, anything else English) at a desk or
/// on the phone. It passes `frontdesk check` as written.
pub fn scaffold(id: &str, lang: &str, setting: Setting) -> String {
    let t = if lang == "ru" { &RU } else { &EN };
    let opening = match setting {
        Setting::Phone => t.opening_phone,
        Setting::Desk => t.opening_desk,
    };
    let settings = Setting::WORDS.join(" | ");
    format!(
        r#"# yaml-language-server: $schema=frontdesk-scenario.schema.json
# {intro}
# {docs}
#   frontdesk check {id}.yaml          {check}
#   frontdesk graph {id}.yaml          {graph}
#   frontdesk play {id}.yaml --watch   {watch}
version: 1
id: {id}
lang: {lang}
title: "{title}"
summary: "{summary}"
source: "{source}"
setting: {setting}            # {settings}
difficulty: 1             # 1..3
roles:                    # {roles}
  patient: {{name: [{p1}, {p2}]}}
mood: {{start: 0, leave_below: -6, walk_out: "{walk_out}"}}
start: opening
nodes:
  - id: opening
    lines:
      - narrator: "{opening}"
      - patient: ["{ask1}", "{ask2}"]   # {variants}
    discuss: "{discuss}"
    choices:
      - text: "{good_text}"
        good: [acknowledge, clarify]    # {techniques}
        mood: 1
        set: [asked]                    # {flags}
        thought: "{good_thought}"
        feedback: "{good_feedback}"
        next: details
      - text: "{bad_text}"
        fatal: justifying               # justifying | ignoring | counter-attacking
        mood: -2
        thought: "{bad_thought}"
        feedback: "{bad_feedback}"
        next: details
  - id: details
    lines:
      - patient: "{details}"
    choices:
      - text: "{solve_text}"
        good: [solve]
        mood: 2
        thought: "{solve_thought}"
        feedback: "{solve_feedback}"
        next:                           # {branches}
          - {{if: "asked", to: retained}}
          - {{to: escalated}}
      - text: "{attack_text}"
        fatal: counter-attacking
        mood: -5
        thought: "{attack_thought}"
        feedback: "{attack_feedback}"
        next: lost
  - id: retained
    lines: [{{patient: "{thanks}"}}]
    ending: retained                    # retained | referred | escalated | lost
  - id: escalated
    lines: [{{patient: "{manager}"}}]
    ending: escalated
  - id: lost
    lines: [{{narrator: "{gone}"}}]
    ending: lost
"#,
        intro = t.intro,
        docs = t.docs,
        check = t.check,
        graph = t.graph,
        watch = t.watch,
        title = t.title,
        summary = t.summary,
        source = t.source,
        roles = t.roles,
        p1 = t.p1,
        p2 = t.p2,
        walk_out = t.walk_out,
        ask1 = t.ask1,
        ask2 = t.ask2,
        variants = t.variants,
        discuss = t.discuss,
        good_text = t.good_text,
        techniques = t.techniques,
        flags = t.flags,
        good_thought = t.good_thought,
        good_feedback = t.good_feedback,
        bad_text = t.bad_text,
        bad_thought = t.bad_thought,
        bad_feedback = t.bad_feedback,
        details = t.details,
        solve_text = t.solve_text,
        solve_thought = t.solve_thought,
        solve_feedback = t.solve_feedback,
        branches = t.branches,
        attack_text = t.attack_text,
        attack_thought = t.attack_thought,
        attack_feedback = t.attack_feedback,
        thanks = t.thanks,
        manager = t.manager,
        gone = t.gone,
    )
}

struct Words {
    intro: &'static str,
    docs: &'static str,
    check: &'static str,
    graph: &'static str,
    watch: &'static str,
    title: &'static str,
    summary: &'static str,
    source: &'static str,
    roles: &'static str,
    p1: &'static str,
    p2: &'static str,
    walk_out: &'static str,
    opening_desk: &'static str,
    opening_phone: &'static str,
    ask1: &'static str,
    ask2: &'static str,
    variants: &'static str,
    discuss: &'static str,
    good_text: &'static str,
    techniques: &'static str,
    flags: &'static str,
    good_thought: &'static str,
    good_feedback: &'static str,
    bad_text: &'static str,
    bad_thought: &'static str,
    bad_feedback: &'static str,
    details: &'static str,
    solve_text: &'static str,
    solve_thought: &'static str,
    solve_feedback: &'static str,
    branches: &'static str,
    attack_text: &'static str,
    attack_thought: &'static str,
    attack_feedback: &'static str,
    thanks: &'static str,
    manager: &'static str,
    gone: &'static str,
}

const EN: Words = Words {
    intro: "A new frontdesk scenario. Replace the words; keep the shape until `frontdesk check` is happy.",
    docs: "Every key is documented in docs/scenario-format.md. Useful commands:",
    check: "# every problem, with line and column",
    graph: "# the dialogue as a picture (Graphviz)",
    watch: "# play it; saving the file reloads it",
    title: "A new case",
    summary: "What happens, in one or two sentences.",
    source: "Where the case comes from",
    roles: "who speaks besides the trainee; add `doctor: {name: Dr. Lee}` and use {doctor} in text",
    p1: "Anna Smith",
    p2: "Olga Brown",
    walk_out: "{patient} turns and leaves.",
    opening_desk: "A patient comes up to the desk.",
    opening_phone: "The phone rings.",
    ask1: "Hello, I have a problem with my appointment.",
    ask2: "Good morning. Something has gone wrong with my booking.",
    variants: "a list: one variant is picked per run",
    discuss: "What do you need to find out first?",
    good_text: "I'm sorry to hear that, {patient}. What happened?",
    techniques: "acknowledge clarify boundary compensate refer follow-up active-listening check-understanding use-name inform document solve",
    flags: "the patient remembers: test it later with `if:`",
    good_thought: "Good, she's listening.",
    good_feedback: "Acknowledge, then clarify: one phrase of understanding, then an open question.",
    bad_text: "The schedule is set by the doctors, it's not up to the desk.",
    bad_thought: "So it's not your problem, then.",
    bad_feedback: "Justifying: it talks about the clinic, not the patient. Try: “I'm sorry to hear that. What happened?”",
    details: "My appointment was moved and nobody told me.",
    solve_text: "Let me find you the first free time today.",
    solve_thought: "Finally, someone is doing something.",
    solve_feedback: "Solve: a concrete next step, right away.",
    branches: "the first branch whose `if` holds; the last has no `if`",
    attack_text: "You should have checked your messages.",
    attack_thought: "So it's my fault now?",
    attack_feedback: "Counter-attacking: it blames the patient. Try: “I'm sorry nobody told you. Let me fix it now.”",
    thanks: "Thank you, that works.",
    manager: "I'd like to speak to the manager about this.",
    gone: "The patient leaves without a word.",
};

const RU: Words = Words {
    intro: "Новый сценарий frontdesk. Замените слова; сохраняйте форму, пока `frontdesk check` не будет доволен.",
    docs: "Все ключи описаны в docs/scenario-format.md. Полезные команды:",
    check: "# все ошибки, со строкой и столбцом",
    graph: "# диалог в виде схемы (Graphviz)",
    watch: "# сыграть; при сохранении файл перезагружается",
    title: "Новый случай",
    summary: "Что происходит, в одном-двух предложениях.",
    source: "Откуда взят случай",
    roles: "кто говорит, кроме администратора; добавьте `doctor: {name: Иван Петрович}` и пишите {doctor} в тексте",
    p1: "Анна Сергеевна",
    p2: "Ольга Николаевна",
    walk_out: "{patient} разворачивается и уходит.",
    opening_desk: "К стойке подходит пациентка.",
    opening_phone: "Звонит телефон.",
    ask1: "Здравствуйте, у меня проблема с записью.",
    ask2: "Добрый день. С моей записью что-то не так.",
    variants: "список: в каждом прохождении выбирается один вариант",
    discuss: "Что нужно выяснить в первую очередь?",
    good_text: "{patient}, сочувствую. Расскажите, что случилось?",
    techniques: "acknowledge clarify boundary compensate refer follow-up active-listening check-understanding use-name inform document solve",
    flags: "пациент запоминает: проверьте позже через `if:`",
    good_thought: "Хорошо, меня слушают.",
    good_feedback: "Признать и уточнить: одна фраза понимания, затем открытый вопрос.",
    bad_text: "Расписание составляют врачи, регистратура тут ни при чём.",
    bad_thought: "То есть это не ваша проблема.",
    bad_feedback: "Оправдание: разговор о клинике, а не о пациенте. Лучше: «Сочувствую. Расскажите, что случилось?»",
    details: "Мою запись перенесли и никто не предупредил.",
    solve_text: "Давайте я найду вам первое свободное время сегодня.",
    solve_thought: "Наконец-то кто-то что-то делает.",
    solve_feedback: "Решение: конкретный следующий шаг, сразу.",
    branches: "первая ветка, чьё `if` выполняется; у последней `if` нет",
    attack_text: "Надо было проверять сообщения.",
    attack_thought: "То есть я ещё и виновата?",
    attack_feedback: "Контратака: пациента обвиняют. Лучше: «Простите, что вас не предупредили. Давайте исправим сейчас.»",
    thanks: "Спасибо, так подойдёт.",
    manager: "Я хочу поговорить с администратором клиники.",
    gone: "Пациентка уходит, не попрощавшись.",
};

#[cfg(test)]
mod tests {
    use super::*;
    use crate::scenario::check_str;

    #[test]
    fn every_scaffold_checks_clean() {
        for lang in ["en", "ru", "de"] {
            for setting in Setting::ALL.iter().copied() {
                let text = scaffold("my-case", lang, setting);
                let c = check_str(&text);
                assert!(
                    c.diagnostics.is_empty(),
                    "{lang} {setting}: {:?}",
                    c.diagnostics
                );
                let s = c.scenario.unwrap();
                assert_eq!(s.id.0, "my-case");
                assert_eq!(s.lang.0, lang);
            }
        }
    }
}
