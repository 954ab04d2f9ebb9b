//! The phone's pages: one small HTML page per state of the session, every piece of scenario
//! text HTML-escaped, no inline script or style (the Content-Security-Policy forbids them).
//! Every page has a `lang`, a title, one `main` and one `h1`: `tests/it/phones_a11y.rs` holds
//! them to axe-core's WCAG 2.2 AA and best-practice rules.

use crate::engine::group::Stage;
use crate::engine::room::RoomView;
use crate::i18n::Lang;
use axum::http::{StatusCode, header};
use axum::response::{IntoResponse, Response};
use html_escape::{encode_double_quoted_attribute as attr, encode_text as text};
use std::fmt::Write;

/// The letter (0 = A) this phone voted for at the decision shown.
#[derive(Debug, Clone, Copy)]
pub struct Ballot(pub usize);

fn document(lang: Lang, key: &str, body: &str) -> String {
    let t = lang.texts();
    format!(
        "<!doctype html>\n<html lang=\"{}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>{}</title><link rel=\"icon\" href=\"data:,\"><link rel=\"stylesheet\" href=\"phone.css\">\
         <script src=\"phone.js\" defer></script></head>\
         <body data-key=\"{}\"><main><h1>{}</h1>{body}</main></body></html>\n",
        attr(lang.code()),
        text(t.phone_title()),
        attr(key),
        text(t.phone_title()),
    )
}

fn html(status: StatusCode, page: String) -> Response {
    (
        status,
        [(header::CONTENT_TYPE, "text/html; charset=utf-8")],
        page,
    )
        .into_response()
}

/// A page that only says something (403, 404, 409, 413, 429), with a link back when given.
pub fn notice(lang: Lang, status: StatusCode, what: &str, back: Option<&str>) -> Response {
    let mut body = format!("<p class=\"notice\" role=\"status\">{}</p>", text(what));
    if let Some(href) = back {
        let _ = write!(
            body,
            "<p><a class=\"back\" href=\"{}\">{}</a></p>",
            attr(href),
            text(lang.texts().phone_back())
        );
    }
    html(status, document(lang, "", &body))
}

/// The phone's page for the session as it stands.
pub fn phone(lang: Lang, view: &RoomView, ballot: Option<Ballot>) -> Response {
    let t = lang.texts();
    let mut b = String::new();
    if view.ended || view.stage.is_none() {
        let what = if view.ended {
            t.phone_ended()
        } else {
            t.phone_waiting()
        };
        let _ = write!(b, "<p class=\"notice\" role=\"status\">{}</p>", text(what));
        return html(StatusCode::OK, document(lang, &view.phone_key(), &b));
    }
    if !view.patient.is_empty() {
        let _ = write!(
            b,
            "<p class=\"patient\"><span class=\"label\">{}</span><br>{}</p>",
            text(t.phone_patient()),
            text(&view.patient)
        );
    }
    let mine = ballot.and_then(|Ballot(l)| view.replies.get(l));
    if view.revealed {
        match mine {
            Some(r) => {
                let verdict = r.verdict.as_deref().unwrap_or_default();
                let _ = write!(
                    b,
                    "<p class=\"status\" role=\"status\">{} <b>{}</b></p>\
                     <p class=\"reply mine\"><span class=\"letter\">{}</span> {}</p>\
                     <p class=\"verdict\">{}</p>",
                    text(t.phone_verdict()),
                    text(&r.letter.to_string()),
                    text(&r.letter.to_string()),
                    text(&r.text),
                    text(verdict)
                );
            }
            None => {
                let _ = write!(
                    b,
                    "<p class=\"status\" role=\"status\">{}</p>",
                    text(t.phone_voting_closed())
                );
            }
        }
        return html(StatusCode::OK, document(lang, &view.phone_key(), &b));
    }
    let status = if view.stage == Some(Stage::Scene) {
        t.phone_waiting().to_string()
    } else if !view.voting_open {
        t.phone_voting_closed().to_string()
    } else if let Some(r) = mine {
        format!(
            "{} <b>{}</b> — {}",
            text(t.phone_your_vote()),
            text(&r.letter.to_string()),
            text(t.phone_tap_to_change())
        )
    } else {
        text(t.phone_tap_to_vote()).into_owned()
    };
    let _ = write!(b, "<p class=\"status\" role=\"status\">{status}</p>");
    if view.stage == Some(Stage::Scene) {
        return html(StatusCode::OK, document(lang, &view.phone_key(), &b));
    }
    if view.voting_open {
        let _ = write!(
            b,
            "<form method=\"post\" action=\"vote\" aria-label=\"{}\">",
            attr(t.phone_title())
        );
    }
    for (i, r) in view.replies.iter().enumerate() {
        let chosen = mine.is_some_and(|m| std::ptr::eq(m, r));
        let class = if chosen { "reply mine" } else { "reply" };
        if view.voting_open {
            let _ = write!(
                b,
                "<button type=\"submit\" name=\"letter\" value=\"{i}\" class=\"{class}\" \
                 aria-pressed=\"{chosen}\" aria-label=\"{} {}: {}\">\
                 <span class=\"letter\" aria-hidden=\"true\">{}</span> \
                 <span class=\"text\" aria-hidden=\"true\">{}</span></button>",
                attr(t.phone_vote_button()),
                attr(&r.letter.to_string()),
                attr(&r.text),
                text(&r.letter.to_string()),
                text(&r.text),
            );
        } else {
            let _ = write!(
                b,
                "<p class=\"{class}\"><span class=\"letter\">{}</span> {}</p>",
                text(&r.letter.to_string()),
                text(&r.text),
            );
        }
    }
    if view.voting_open {
        b.push_str("</form>");
    }
    html(StatusCode::OK, document(lang, &view.phone_key(), &b))
}
