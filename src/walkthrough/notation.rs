//! Symbols of the notation, each as plain text and as MathML.
//!
//! Symbols are 1-based, as on screen, while every argument here is 0-based
//! like the arrays: `weight(2, 0, 0)` is w_{1,1}^(2). `layer` is the layer
//! number l itself.

use super::format;

/// One symbol or expression, as plain text and as MathML (without the
/// enclosing `<math>` element).
#[derive(Clone, Debug, PartialEq)]
pub struct Expr {
    pub text: String,
    pub mathml: String,
}

impl Expr {
    fn new(text: String, mathml: String) -> Expr {
        Expr { text, mathml }
    }

    /// Formats a number used as a factor or a term, in parentheses when it
    /// is negative.
    pub fn number(value: f64) -> Expr {
        Expr::new(format::text_operand(value), format::mathml_operand(value))
    }

    /// Builds an expression from its text and MathML forms.
    pub fn literal(text: &str, mathml: &str) -> Expr {
        Expr::new(text.to_string(), mathml.to_string())
    }

    /// Wraps the expression in parentheses.
    pub fn parenthesised(&self) -> Expr {
        Expr::new(
            format!("({})", self.text),
            format!("<mrow><mo>(</mo>{}<mo>)</mo></mrow>", self.mathml),
        )
    }
}

/// Joins `items` with the operator `op` (for example "·", "+", "−").
pub fn join(items: &[Expr], op: &str) -> Expr {
    let text = items
        .iter()
        .map(|e| e.text.as_str())
        .collect::<Vec<_>>()
        .join(&format!(" {op} "));
    let mathml = items
        .iter()
        .map(|e| e.mathml.as_str())
        .collect::<Vec<_>>()
        .join(&format!("<mo>{op}</mo>"));
    Expr::new(text, format!("<mrow>{mathml}</mrow>"))
}

/// Writes the product of `factors` with a centred dot.
pub fn product(factors: &[Expr]) -> Expr {
    join(factors, "·")
}

/// Writes the sum of `terms`.
pub fn sum(terms: &[Expr]) -> Expr {
    join(terms, "+")
}

/// `numerator / denominator` as a fraction.
pub fn fraction(numerator: &Expr, denominator: &Expr) -> Expr {
    // In text a compound side needs parentheses: (a − y) / (2 · a).
    let side = |e: &Expr| {
        if e.text.contains(' ') && !is_parenthesised(&e.text) {
            format!("({})", e.text)
        } else {
            e.text.clone()
        }
    };
    Expr::new(
        format!("{} / {}", side(numerator), side(denominator)),
        format!("<mfrac>{}{}</mfrac>", numerator.mathml, denominator.mathml),
    )
}

/// Returns whether `text` is one parenthesised group: "(a − y)" but not
/// "(a) · (b)".
fn is_parenthesised(text: &str) -> bool {
    if !text.starts_with('(') {
        return false;
    }
    let mut depth = 0;
    for (index, c) in text.char_indices() {
        match c {
            '(' => depth += 1,
            ')' => {
                depth -= 1;
                if depth == 0 {
                    return index == text.len() - 1;
                }
            }
            _ => {}
        }
    }
    false
}

/// Applies the function `name` to `argument`: σ(z_1^(1)).
pub fn apply(name: &str, argument: &Expr) -> Expr {
    Expr::new(
        format!("{name}({})", argument.text),
        format!(
            "<mrow><mi>{name}</mi><mo>&#x2061;</mo><mrow><mo>(</mo>{}<mo>)</mo></mrow></mrow>",
            argument.mathml
        ),
    )
}

/// `left = right = ...`, the chain of equalities of a formula.
pub fn equation(sides: &[Expr]) -> Expr {
    join(sides, "=")
}

/// Writes a variable with 1-based subscripts and a layer superscript: z_1^(2),
/// w_{1,2}^(1). `mathml_name` is its MathML identifier (δ for delta).
fn indexed(text_name: &str, mathml_name: &str, subscripts: &[usize], layer: usize) -> Expr {
    let one_based: Vec<String> = subscripts.iter().map(|i| (i + 1).to_string()).collect();
    let text_subscript = if one_based.len() == 1 {
        one_based[0].clone()
    } else {
        format!("{{{}}}", one_based.join(","))
    };
    let mathml_subscript = one_based
        .iter()
        .map(|i| format!("<mn>{i}</mn>"))
        .collect::<Vec<_>>()
        .join("<mo>,</mo>");
    Expr::new(
        format!("{text_name}_{text_subscript}^({layer})"),
        format!(
            "<msubsup><mi>{mathml_name}</mi><mrow>{mathml_subscript}</mrow><mrow><mo>(</mo><mn>{layer}</mn><mo>)</mo></mrow></msubsup>"
        ),
    )
}

/// z_k^(l), the pre-activation of unit `unit` of layer `layer`.
pub fn z(layer: usize, unit: usize) -> Expr {
    indexed("z", "z", &[unit], layer)
}

/// a_k^(l), the activation of unit `unit` of layer `layer`.
pub fn a(layer: usize, unit: usize) -> Expr {
    indexed("a", "a", &[unit], layer)
}

/// delta_k^(l) = dL/dz_k^(l), written δ in MathML.
pub fn delta(layer: usize, unit: usize) -> Expr {
    indexed("delta", "δ", &[unit], layer)
}

/// w_{j,k}^(l), the weight from unit `from` of layer l-1 to unit `unit`.
pub fn w(layer: usize, from: usize, unit: usize) -> Expr {
    indexed("w", "w", &[from, unit], layer)
}

/// b_k^(l), the bias of unit `unit` of layer `layer`.
pub fn b(layer: usize, unit: usize) -> Expr {
    indexed("b", "b", &[unit], layer)
}

/// x_j, input `input` of the sample.
pub fn x(input: usize) -> Expr {
    Expr::new(
        format!("x_{}", input + 1),
        format!("<msub><mi>x</mi><mn>{}</mn></msub>", input + 1),
    )
}

/// y_k, target `output` of the sample.
pub fn y(output: usize) -> Expr {
    Expr::new(
        format!("y_{}", output + 1),
        format!("<msub><mi>y</mi><mn>{}</mn></msub>", output + 1),
    )
}

/// L, the loss.
pub fn loss() -> Expr {
    Expr::literal("L", "<mi>L</mi>")
}

/// theta, any parameter.
pub fn theta() -> Expr {
    Expr::literal("theta", "<mi>θ</mi>")
}

/// alpha, the learning rate.
pub fn alpha() -> Expr {
    Expr::literal("alpha", "<mi>α</mi>")
}

/// d(numerator)/d(denominator): "dL/dw_{1,1}^(2)" in text, a fraction of
/// partial derivatives in MathML.
pub fn derivative(numerator: &Expr, denominator: &Expr) -> Expr {
    Expr::new(
        format!("d{}/d{}", numerator.text, denominator.text),
        format!(
            "<mfrac><mrow><mo>∂</mo>{}</mrow><mrow><mo>∂</mo>{}</mrow></mfrac>",
            numerator.mathml, denominator.mathml
        ),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn weight_symbol_one_based() {
        assert_eq!(w(2, 0, 0).text, "w_{1,1}^(2)");
        assert_eq!(w(1, 1, 2).text, "w_{2,3}^(1)");
    }

    #[test]
    fn fraction_text_parenthesised() {
        let pair = product(&[Expr::number(-0.5), Expr::number(-2.0)]);
        assert_eq!(
            fraction(&pair, &Expr::number(2.0)).text,
            "((\u{2212}0.5) · (\u{2212}2)) / 2"
        );
        let difference = join(&[Expr::number(0.75), Expr::number(1.0)], "−").parenthesised();
        assert_eq!(
            fraction(&difference, &Expr::number(2.0)).text,
            "(0.75 − 1) / 2"
        );
    }

    #[test]
    fn derivative_text() {
        assert_eq!(derivative(&loss(), &w(2, 0, 0)).text, "dL/dw_{1,1}^(2)");
        assert_eq!(derivative(&a(2, 0), &z(2, 0)).text, "da_1^(2)/dz_1^(2)");
    }

    #[test]
    fn unit_symbol_mathml() {
        assert_eq!(
            z(1, 2).mathml,
            "<msubsup><mi>z</mi><mrow><mn>3</mn></mrow><mrow><mo>(</mo><mn>1</mn><mo>)</mo></mrow></msubsup>"
        );
    }
}
