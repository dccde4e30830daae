use backprop_lab::core::presets::{preset, PRESET_NAMES};
use backprop_lab::view::notation::explanation_html;
use backprop_lab::walkthrough::{Granularity, Walkthrough};

/// The ASCII notation that must not survive the conversion.
const PLAIN_NOTATION: [&str; 9] = [
    "_{", "^(", "_1", "delta", "theta", "alpha", "sigma", "dL/d", "/dz",
];

/// Removes tags and decodes the three escaped characters.
fn visible_text(html: &str) -> String {
    let mut text = String::new();
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' => in_tag = false,
            _ if !in_tag => text.push(c),
            _ => {}
        }
    }
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// Collects every explanation of two iterations of every preset, term by term, so
/// that every kind of term (forward, loss, backward, averaging, update) and
/// hidden and output units occur.
fn all_explanations() -> Vec<(String, String)> {
    let mut all = Vec::new();
    for name in PRESET_NAMES {
        let mut walkthrough = Walkthrough::new(preset(name).unwrap());
        walkthrough.set_granularity(Granularity::Term);
        let terms = walkthrough.term_count() * 2;
        for term in 0..terms {
            let step = walkthrough.next_step().unwrap();
            all.push((
                format!("{name} term {term} ({})", step.symbol),
                step.explanation,
            ));
        }
    }
    all
}

#[test]
fn converts_every_real_explanation() {
    let explanations = all_explanations();
    assert!(explanations.len() > 100);
    for (what, text) in explanations {
        let html = explanation_html(&text);
        let visible = visible_text(&html);
        for plain in PLAIN_NOTATION {
            assert!(
                !visible.contains(plain),
                "{what}: {plain} left in {visible}"
            );
        }
        assert_eq!(
            html.matches("<sub>").count(),
            html.matches("</sub>").count(),
            "{what}: {html}"
        );
        // Every number of the explanation is still there.
        let digits = |s: &str| s.chars().filter(char::is_ascii_digit).count();
        assert!(digits(&visible) <= digits(&text), "{what}");
    }
}

#[test]
fn converts_weight_derivative() {
    assert_eq!(
        explanation_html("dL/dw_{2,1}^(2) is"),
        r#"<span class="derivative">∂L/∂w<sub>2,1</sub><sup>(2)</sup></span> is"#
    );
}

#[test]
fn converts_chain_factor() {
    assert_eq!(
        explanation_html("da_1^(2)/dz_1^(2) = 0.25"),
        r#"<span class="derivative">∂a<sub>1</sub><sup>(2)</sup>/∂z<sub>1</sub><sup>(2)</sup></span> = 0.25"#
    );
}

#[test]
fn converts_delta_and_greek_words() {
    assert_eq!(
        explanation_html("delta_1^(2) = dL/dz_1^(2)"),
        r#"δ<sub>1</sub><sup>(2)</sup> = <span class="derivative">∂L/∂z<sub>1</sub><sup>(2)</sup></span>"#
    );
    assert_eq!(
        explanation_html("theta ← theta − alpha·dL/dtheta"),
        r#"θ ← θ − α·<span class="derivative">∂L/∂θ</span>"#
    );
    assert_eq!(explanation_html("σ'(z) = a(1 − a)"), "σ′(z) = a(1 − a)");
}

#[test]
fn converts_sample_loss_and_sum() {
    assert_eq!(
        explanation_html("(1/4) Σ_s dL_s/dtheta"),
        r#"(1/4) Σ<sub>s</sub> <span class="derivative">∂L<sub>s</sub>/∂θ</span>"#
    );
    assert_eq!(
        explanation_html("1 / (1 + e^(−z))"),
        "1 / (1 + e<sup>−z</sup>)"
    );
}

#[test]
fn leaves_words_and_letters_alone() {
    let text = "a approaches 0, the input x_j of a sample, deltas and alphabet";
    assert_eq!(
        explanation_html(text),
        "a approaches 0, the input x<sub>j</sub> of a sample, deltas and alphabet"
    );
    assert_eq!(explanation_html("2(a − y)"), "2(a − y)");
}

#[test]
fn escapes_html() {
    assert_eq!(
        explanation_html("a < b & c > d <script>"),
        "a &lt; b &amp; c &gt; d &lt;script&gt;"
    );
}
