//! Conditions on replies and branches: `asked_who`, `not a`, `a and (b or c)`, `mood >= -2`.
//!
//! Grammar (`and` binds tighter than `or`):
//! ```text
//! expr    := and ("or" and)*
//! and     := unary ("and" unary)*
//! unary   := "not" unary | primary
//! primary := "(" expr ")" | "mood" CMP INT | FLAG
//! ```

use super::model::FlagIdx;
use std::fmt;

/// A comparison operator on the mood.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Cmp {
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
    /// `==`
    Eq,
    /// `!=`
    Ne,
}

impl Cmp {
    fn holds(self, a: i32, b: i32) -> bool {
        match self {
            Cmp::Lt => a < b,
            Cmp::Le => a <= b,
            Cmp::Gt => a > b,
            Cmp::Ge => a >= b,
            Cmp::Eq => a == b,
            Cmp::Ne => a != b,
        }
    }

    fn as_str(self) -> &'static str {
        match self {
            Cmp::Lt => "<",
            Cmp::Le => "<=",
            Cmp::Gt => ">",
            Cmp::Ge => ">=",
            Cmp::Eq => "==",
            Cmp::Ne => "!=",
        }
    }
}

/// A parsed condition.
///
/// `and` and `or` hold all their terms in one list, so a chain of any length (`a and b and …`)
/// is one level deep, not one level per term. The tree is then only as deep as the condition's
/// nesting of `(` and `not`, which [`parse`] bounds by [`MAX_CONDITION_DEPTH`]; that is what lets
/// evaluating, printing, cloning, comparing and dropping a condition recurse safely.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Condition {
    /// A flag is set.
    Flag(FlagIdx),
    /// The mood compares to a number.
    Mood(Cmp, i32),
    /// Negation.
    Not(Box<Condition>),
    /// All hold (two terms or more).
    And(Vec<Condition>),
    /// Any holds (two terms or more).
    Or(Vec<Condition>),
}

/// What a condition is evaluated against.
pub trait Facts {
    /// Whether a flag is set.
    fn flag(&self, flag: FlagIdx) -> bool;
    /// The current mood.
    fn mood(&self) -> i32;
}

impl Condition {
    /// Evaluates the condition.
    pub fn holds(&self, facts: &dyn Facts) -> bool {
        match self {
            Condition::Flag(f) => facts.flag(*f),
            Condition::Mood(cmp, n) => cmp.holds(facts.mood(), *n),
            Condition::Not(c) => !c.holds(facts),
            Condition::And(terms) => terms.iter().all(|c| c.holds(facts)),
            Condition::Or(terms) => terms.iter().any(|c| c.holds(facts)),
        }
    }

    /// Every flag the condition tests.
    pub fn flags(&self, out: &mut Vec<FlagIdx>) {
        match self {
            Condition::Flag(f) => out.push(*f),
            Condition::Mood(..) => {}
            Condition::Not(c) => c.flags(out),
            Condition::And(terms) | Condition::Or(terms) => {
                terms.iter().for_each(|c| c.flags(out));
            }
        }
    }

    /// Renders the condition with flag names, fully parenthesised where it matters.
    pub fn display<'a>(&'a self, flag_names: &'a [String]) -> impl fmt::Display + 'a {
        Shown(self, flag_names)
    }
}

struct Shown<'a>(&'a Condition, &'a [String]);

impl fmt::Display for Shown<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let names = self.1;
        match self.0 {
            Condition::Flag(i) => f.write_str(&names[i.0 as usize]),
            Condition::Mood(c, n) => write!(f, "mood {} {n}", c.as_str()),
            Condition::Not(c) => write!(f, "not {}", Shown(c, names)),
            Condition::And(terms) => joined(f, terms, " and ", names),
            Condition::Or(terms) => joined(f, terms, " or ", names),
        }
    }
}

fn joined(
    f: &mut fmt::Formatter<'_>,
    terms: &[Condition],
    sep: &str,
    names: &[String],
) -> fmt::Result {
    f.write_str("(")?;
    for (i, c) in terms.iter().enumerate() {
        if i > 0 {
            f.write_str(sep)?;
        }
        write!(f, "{}", Shown(c, names))?;
    }
    f.write_str(")")
}

/// Why a condition does not parse, with the character offset it was found at.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ConditionError {
    /// Offset in characters from the start of the condition.
    pub offset: usize,
    /// What is wrong.
    pub message: String,
}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Word(String),
    Num(i32),
    Op(Cmp),
    Open,
    Close,
}

/// Deepest nesting of `(` and `not` in a condition.
pub const MAX_CONDITION_DEPTH: usize = 32;

/// Parses a condition, turning each flag name into an index through `intern`.
pub fn parse(
    src: &str,
    intern: &mut dyn FnMut(&str) -> FlagIdx,
) -> Result<Condition, ConditionError> {
    let tokens = tokenize(src)?;
    let mut p = CondParser {
        tokens,
        pos: 0,
        intern,
        end: src.chars().count(),
        depth: 0,
    };
    if p.tokens.is_empty() {
        return Err(ConditionError {
            offset: 0,
            message: "the condition is empty".into(),
        });
    }
    let c = p.or()?;
    if let Some((off, t)) = p.tokens.get(p.pos) {
        return Err(ConditionError {
            offset: *off,
            message: format!("unexpected {} after a complete condition", describe(t)),
        });
    }
    Ok(c)
}

fn describe(t: &Token) -> String {
    match t {
        Token::Word(w) => format!("`{w}`"),
        Token::Num(n) => format!("number `{n}`"),
        Token::Op(c) => format!("`{}`", c.as_str()),
        Token::Open => "`(`".into(),
        Token::Close => "`)`".into(),
    }
}

fn tokenize(src: &str) -> Result<Vec<(usize, Token)>, ConditionError> {
    let chars: Vec<char> = src.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        let start = i;
        if c.is_whitespace() {
            i += 1;
            continue;
        }
        let token = match c {
            '(' => {
                i += 1;
                Token::Open
            }
            ')' => {
                i += 1;
                Token::Close
            }
            '<' | '>' | '=' | '!' => {
                let two = chars.get(i + 1) == Some(&'=');
                i += if two { 2 } else { 1 };
                Token::Op(match (c, two) {
                    ('<', false) => Cmp::Lt,
                    ('<', true) => Cmp::Le,
                    ('>', false) => Cmp::Gt,
                    ('>', true) => Cmp::Ge,
                    ('=', true) => Cmp::Eq,
                    ('!', true) => Cmp::Ne,
                    _ => {
                        return Err(ConditionError {
                            offset: start,
                            message: format!("`{c}` is not an operator; use ==, !=, <, <=, >, >="),
                        });
                    }
                })
            }
            '-' | '0'..='9' => {
                i += 1;
                while i < chars.len() && chars[i].is_ascii_digit() {
                    i += 1;
                }
                let text: String = chars[start..i].iter().collect();
                Token::Num(text.parse().map_err(|_| ConditionError {
                    offset: start,
                    message: format!("`{text}` is not a number"),
                })?)
            }
            c if c.is_ascii_lowercase() => {
                while i < chars.len()
                    && (chars[i].is_ascii_lowercase()
                        || chars[i].is_ascii_digit()
                        || chars[i] == '_'
                        || chars[i] == '-')
                {
                    i += 1;
                }
                Token::Word(chars[start..i].iter().collect())
            }
            other => {
                return Err(ConditionError {
                    offset: start,
                    message: format!(
                        "unexpected character `{other}`; flags are lowercase words like `asked_who`"
                    ),
                });
            }
        };
        out.push((start, token));
    }
    Ok(out)
}

/// A single term stands for itself; more are joined by `and`/`or` in one flat list.
fn one_or(mut terms: Vec<Condition>, join: fn(Vec<Condition>) -> Condition) -> Condition {
    if terms.len() == 1 {
        terms.pop().expect("one term")
    } else {
        join(terms)
    }
}

struct CondParser<'a> {
    tokens: Vec<(usize, Token)>,
    pos: usize,
    intern: &'a mut dyn FnMut(&str) -> FlagIdx,
    end: usize,
    depth: usize,
}

impl CondParser<'_> {
    fn peek_word(&self, w: &str) -> bool {
        matches!(self.tokens.get(self.pos), Some((_, Token::Word(x))) if x == w)
    }

    fn offset(&self) -> usize {
        self.tokens.get(self.pos).map_or(self.end, |(o, _)| *o)
    }

    fn or(&mut self) -> Result<Condition, ConditionError> {
        let mut terms = vec![self.and()?];
        while self.peek_word("or") {
            self.pos += 1;
            terms.push(self.and()?);
        }
        Ok(one_or(terms, Condition::Or))
    }

    fn and(&mut self) -> Result<Condition, ConditionError> {
        let mut terms = vec![self.unary()?];
        while self.peek_word("and") {
            self.pos += 1;
            terms.push(self.unary()?);
        }
        Ok(one_or(terms, Condition::And))
    }

    fn unary(&mut self) -> Result<Condition, ConditionError> {
        self.depth += 1;
        if self.depth > MAX_CONDITION_DEPTH {
            return Err(ConditionError {
                offset: self.offset(),
                message: "the condition is nested too deeply".into(),
            });
        }
        let result = if self.peek_word("not") {
            self.pos += 1;
            self.unary().map(|c| Condition::Not(Box::new(c)))
        } else {
            self.primary()
        };
        self.depth -= 1;
        result
    }

    fn primary(&mut self) -> Result<Condition, ConditionError> {
        let offset = self.offset();
        let Some((_, token)) = self.tokens.get(self.pos).cloned() else {
            return Err(ConditionError {
                offset,
                message: "the condition ends too early; a flag, `mood`, `not` or `(` is missing"
                    .into(),
            });
        };
        self.pos += 1;
        match token {
            Token::Open => {
                let inner = self.or()?;
                match self.tokens.get(self.pos) {
                    Some((_, Token::Close)) => {
                        self.pos += 1;
                        Ok(inner)
                    }
                    _ => Err(ConditionError {
                        offset: self.offset(),
                        message: "`(` is never closed with `)`".into(),
                    }),
                }
            }
            Token::Word(w) if w == "mood" => {
                let op_at = self.offset();
                let Some((_, Token::Op(cmp))) = self.tokens.get(self.pos).cloned() else {
                    return Err(ConditionError {
                        offset: op_at,
                        message: "`mood` must be compared: `mood >= 2`".into(),
                    });
                };
                self.pos += 1;
                let num_at = self.offset();
                let Some((_, Token::Num(n))) = self.tokens.get(self.pos).cloned() else {
                    return Err(ConditionError {
                        offset: num_at,
                        message: format!("a number must follow `mood {}`", cmp.as_str()),
                    });
                };
                self.pos += 1;
                Ok(Condition::Mood(cmp, n))
            }
            Token::Word(w) if matches!(w.as_str(), "and" | "or" | "not") => Err(ConditionError {
                offset,
                message: format!("`{w}` needs a flag or condition before it is used here"),
            }),
            Token::Word(w) => Ok(Condition::Flag((self.intern)(&w))),
            other => Err(ConditionError {
                offset,
                message: format!(
                    "expected a flag, `mood`, `not` or `(`, found {}",
                    describe(&other)
                ),
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    struct Env {
        set: Vec<bool>,
        mood: i32,
    }

    impl Facts for Env {
        fn flag(&self, f: FlagIdx) -> bool {
            self.set[f.0 as usize]
        }
        fn mood(&self) -> i32 {
            self.mood
        }
    }

    fn eval(src: &str, set: &[&str], mood: i32) -> bool {
        let mut names: Vec<String> = Vec::new();
        let mut map: HashMap<String, FlagIdx> = HashMap::new();
        let c = parse(src, &mut |w| {
            *map.entry(w.to_string()).or_insert_with(|| {
                names.push(w.to_string());
                FlagIdx(names.len() as u32 - 1)
            })
        })
        .unwrap();
        let flags = names.iter().map(|n| set.contains(&n.as_str())).collect();
        c.holds(&Env { set: flags, mood })
    }

    fn error(src: &str) -> ConditionError {
        parse(src, &mut |_| FlagIdx(0)).unwrap_err()
    }

    #[test]
    fn flags_and_negation() {
        assert!(eval("asked_who", &["asked_who"], 0));
        assert!(!eval("asked_who", &[], 0));
        assert!(eval("not asked_who", &[], 0));
        assert!(eval("not not a", &["a"], 0));
    }

    #[test]
    fn and_binds_tighter_than_or() {
        // a or (b and c)
        assert!(eval("a or b and c", &["a"], 0));
        assert!(!eval("(a or b) and c", &["a"], 0));
        assert!(eval("a and b or c", &["c"], 0));
    }

    #[test]
    fn mood_comparisons_with_negative_numbers() {
        assert!(eval("mood >= -2", &[], -2));
        assert!(!eval("mood > -2", &[], -2));
        assert!(eval("mood < 0 and not calm", &[], -1));
        assert!(eval("mood == 3", &[], 3));
        assert!(eval("mood != 3", &[], 4));
        assert!(eval("mood <= 3", &[], 3));
    }

    #[test]
    fn errors_say_where() {
        assert_eq!(error("").message, "the condition is empty");
        let e = error("a and");
        assert_eq!(e.offset, 5);
        let e = error("(a or b");
        assert!(e.message.contains("never closed"));
        let e = error("mood = 3");
        assert_eq!(e.offset, 5);
        let e = error("mood >= x");
        assert!(e.message.contains("number"));
        let e = error("a b");
        assert_eq!(e.offset, 2);
        let e = error("A");
        assert!(e.message.contains("lowercase"));
        let e = error("and a");
        assert_eq!(e.offset, 0);
    }

    #[test]
    fn deep_nesting_is_refused_not_overflowed() {
        let src = format!("{}a{}", "(".repeat(10_000), ")".repeat(10_000));
        assert!(error(&src).message.contains("too deeply"));
        let src = "not ".repeat(10_000) + "a";
        assert!(error(&src).message.contains("too deeply"));
    }

    #[test]
    fn long_chains_are_flat_not_deep() {
        // 120,000 terms: a left-deep tree of this height overflowed the stack when evaluated,
        // printed or dropped. A chain is one level however long.
        let src = vec!["a"; 120_000].join(" and ") + " or " + &vec!["b"; 120_000].join(" or ");
        let mut names = vec!["a".to_string(), "b".to_string()];
        let c = parse(&src, &mut |w| {
            FlagIdx(names.iter().position(|n| n == w).unwrap() as u32)
        })
        .unwrap();
        let Condition::Or(terms) = &c else {
            panic!("an `or` at the top")
        };
        assert_eq!(terms.len(), 120_001);
        assert!(matches!(&terms[0], Condition::And(t) if t.len() == 120_000));
        assert!(c.holds(&Env {
            set: vec![false, true],
            mood: 0
        }));
        let mut flags = Vec::new();
        c.flags(&mut flags);
        assert_eq!(flags.len(), 240_000);
        names.truncate(2);
        assert!(c.display(&names).to_string().starts_with("((a and a and "));
        let copy = c.clone();
        assert_eq!(copy, c);
    }

    #[test]
    fn displays_round_trip() {
        let mut names = vec!["a".to_string(), "b".to_string()];
        let c = parse("not a or b and mood > 1", &mut |w| {
            FlagIdx(names.iter().position(|n| n == w).unwrap() as u32)
        })
        .unwrap();
        names.truncate(2);
        assert_eq!(c.display(&names).to_string(), "(not a or (b and mood > 1))");
    }
}
