//! One cell's value as the reader sees it, whatever format it came from.

use calamine::{Data, DataRef};
use rust_decimal::Decimal;

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Empty,
    Text(String),
    Number(f64),
    Bool(bool),
    /// A spreadsheet error such as `#REF!`.
    Error(String),
    /// A formula the file saved without a result: its text, without the leading `=`.
    Formula(String),
}

impl Value {
    pub fn is_empty(&self) -> bool {
        match self {
            Value::Empty => true,
            Value::Text(t) => t.trim().is_empty(),
            _ => false,
        }
    }

    /// The cell as text, the way a person would read it (`101.0` reads as `101`).
    pub fn as_text(&self) -> Option<String> {
        match self {
            Value::Empty => None,
            Value::Text(t) => {
                let t = t.trim();
                (!t.is_empty()).then(|| t.to_string())
            }
            Value::Number(n) => Some(format_number(*n)),
            Value::Bool(b) => Some(if *b { "TRUE" } else { "FALSE" }.to_string()),
            Value::Error(e) => Some(e.clone()),
            Value::Formula(f) => Some(format!("={f}")),
        }
    }

    pub fn from_data(data: &Data) -> Value {
        match data {
            Data::Int(i) => Value::Number(*i as f64),
            Data::Float(f) => Value::Number(*f),
            Data::String(s) => Value::Text(s.clone()),
            Data::Bool(b) => Value::Bool(*b),
            Data::DateTime(d) => Value::Number(d.as_f64()),
            Data::DateTimeIso(s) | Data::DurationIso(s) => Value::Text(s.clone()),
            Data::Error(e) => Value::Error(e.to_string()),
            Data::Empty => Value::Empty,
        }
    }

    pub fn from_data_ref(data: DataRef<'_>) -> Value {
        match data {
            DataRef::Int(i) => Value::Number(i as f64),
            DataRef::Float(f) => Value::Number(f),
            DataRef::String(s) => Value::Text(s),
            DataRef::SharedString(s) => Value::Text(s.to_string()),
            DataRef::Bool(b) => Value::Bool(b),
            DataRef::DateTime(d) => Value::Number(d.as_f64()),
            DataRef::DateTimeIso(s) | DataRef::DurationIso(s) => Value::Text(s),
            DataRef::Error(e) => Value::Error(e.to_string()),
            DataRef::Empty => Value::Empty,
        }
    }
}

/// Whole numbers print without a decimal point; others as Rust prints the shortest form.
pub fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        format!("{n}")
    }
}

/// Evaluate a formula of plain arithmetic on constants (`4+2`, `(3*2)-1`, `=10/4`), the only kind a
/// room list can be trusted to mean without a spreadsheet engine. `None` for anything else.
/// Evaluated in exact decimals, as a person reads it: `4.35*100` is 435, not 434.99999999999994.
pub fn evaluate_constant_formula(formula: &str) -> Option<f64> {
    let mut parser = Arith {
        bytes: formula.trim().trim_start_matches('=').as_bytes(),
        pos: 0,
        depth: 0,
    };
    let value = parser.expr()?;
    parser.skip_spaces();
    if parser.pos != parser.bytes.len() {
        return None;
    }
    rust_decimal::prelude::ToPrimitive::to_f64(&value.normalize())
}

struct Arith<'a> {
    bytes: &'a [u8],
    pos: usize,
    depth: u32,
}

impl Arith<'_> {
    fn skip_spaces(&mut self) {
        while self.bytes.get(self.pos) == Some(&b' ') {
            self.pos += 1;
        }
    }

    fn peek(&mut self) -> Option<u8> {
        self.skip_spaces();
        self.bytes.get(self.pos).copied()
    }

    fn expr(&mut self) -> Option<Decimal> {
        let mut value = self.term()?;
        while let Some(op @ (b'+' | b'-')) = self.peek() {
            self.pos += 1;
            let rhs = self.term()?;
            value = if op == b'+' {
                value.checked_add(rhs)?
            } else {
                value.checked_sub(rhs)?
            };
        }
        Some(value)
    }

    fn term(&mut self) -> Option<Decimal> {
        let mut value = self.factor()?;
        while let Some(op @ (b'*' | b'/')) = self.peek() {
            self.pos += 1;
            let rhs = self.factor()?;
            value = if op == b'*' {
                value.checked_mul(rhs)?
            } else {
                value.checked_div(rhs)?
            };
        }
        Some(value)
    }

    fn factor(&mut self) -> Option<Decimal> {
        // Bounded so a hostile formula of nested brackets cannot exhaust the stack.
        if self.depth > 64 {
            return None;
        }
        match self.peek()? {
            b'-' => {
                self.pos += 1;
                self.depth += 1;
                let v = self.factor().map(|v| -v);
                self.depth -= 1;
                v
            }
            b'+' => {
                self.pos += 1;
                self.depth += 1;
                let v = self.factor();
                self.depth -= 1;
                v
            }
            b'(' => {
                self.pos += 1;
                self.depth += 1;
                let v = self.expr()?;
                self.depth -= 1;
                (self.peek()? == b')').then(|| {
                    self.pos += 1;
                    v
                })
            }
            b'0'..=b'9' | b'.' => {
                let start = self.pos;
                while matches!(self.bytes.get(self.pos), Some(b'0'..=b'9' | b'.')) {
                    self.pos += 1;
                }
                let digits = std::str::from_utf8(&self.bytes[start..self.pos]).ok()?;
                // Exponents and more than 28 digits are not what a room list means by a count.
                Decimal::from_str_exact(digits).ok()
            }
            _ => None,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn evaluates_plain_arithmetic_only() {
        assert_eq!(evaluate_constant_formula("4+2"), Some(6.0));
        assert_eq!(evaluate_constant_formula("=2 + 3*4"), Some(14.0));
        assert_eq!(evaluate_constant_formula("(2+3)*4"), Some(20.0));
        assert_eq!(evaluate_constant_formula("-3+1"), Some(-2.0));
        assert_eq!(evaluate_constant_formula("10/4"), Some(2.5));
        assert_eq!(evaluate_constant_formula("1/0"), None);
        assert_eq!(evaluate_constant_formula("A1+2"), None);
        assert_eq!(evaluate_constant_formula("SUM(1,2)"), None);
        assert_eq!(evaluate_constant_formula("(1+2"), None);
        assert_eq!(evaluate_constant_formula(&"(".repeat(10_000)), None);
        // Exact decimals: a float gives 434.99999999999994 here.
        assert_eq!(evaluate_constant_formula("4.35*100"), Some(435.0));
        assert_eq!(evaluate_constant_formula("0.1+0.2"), Some(0.3));
        assert_eq!(
            evaluate_constant_formula("99999999999999999999*99999999999"),
            None
        );
    }

    #[test]
    fn numbers_read_as_people_write_them() {
        assert_eq!(Value::Number(101.0).as_text().as_deref(), Some("101"));
        assert_eq!(Value::Number(1.5).as_text().as_deref(), Some("1.5"));
        assert_eq!(Value::Text("  ".into()).as_text(), None);
        assert!(Value::Text(" ".into()).is_empty());
    }
}
