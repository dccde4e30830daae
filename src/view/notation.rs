//! HTML of the walkthrough's plain-text explanations for the page.
//!
//! Explanations write symbols in ASCII so that JavaScript callers can use
//! them as they are: `dL/dw_{2,1}^(2)`, `delta_1^(2)`, `theta`, `alpha`.
//! The page shows them as `∂L/∂w<sub>2,1</sub><sup>(2)</sup>`, `δ`, `θ` and
//! `α`. The grammar: a symbol is NAME, then an optional `_SUB` (`{…}`,
//! digits or one letter) and an optional `^(SUP)`. NAME is w, b, z, a, x, y,
//! L, e, Σ or delta, and a symbol needs a subscript or a superscript unless
//! it appears in a derivative `dTOP/dBOTTOM`, so that the article "a" stays a
//! word. The words delta, theta, alpha and sigma become Greek letters.

/// Names that take an index, longest first so that "delta" wins over "d".
const NAMES: [(&str, &str); 11] = [
    ("delta", "δ"),
    ("theta", "θ"),
    ("w", "w"),
    ("b", "b"),
    ("z", "z"),
    ("a", "a"),
    ("x", "x"),
    ("y", "y"),
    ("L", "L"),
    ("e", "e"),
    ("Σ", "Σ"),
];

/// Words written as Greek letters wherever they stand alone.
const GREEK: [(&str, &str); 4] = [
    ("delta", "δ"),
    ("theta", "θ"),
    ("alpha", "α"),
    ("sigma", "σ"),
];

/// Converts a plain-text explanation to HTML: escapes `&`, `<` and `>`,
/// and writes the notation with `<sub>`, `<sup>`, ∂ and Greek letters.
pub fn explanation_html(text: &str) -> String {
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + text.len() / 2);
    let mut i = 0;
    while i < chars.len() {
        let at_boundary = i == 0 || !is_word_char(chars[i - 1]);
        if at_boundary {
            if let Some((html, next)) = derivative(&chars, i)
                .or_else(|| symbol(&chars, i, false))
                .or_else(|| greek_word(&chars, i))
            {
                out.push_str(&html);
                i = next;
                continue;
            }
        }
        match chars[i] {
            // A prime after σ is the derivative's prime.
            '\'' if out.ends_with('σ') => out.push('′'),
            c => push_escaped(&mut out, c),
        }
        i += 1;
    }
    out
}

fn is_word_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_'
}

fn push_escaped(out: &mut String, c: char) {
    match c {
        '&' => out.push_str("&amp;"),
        '<' => out.push_str("&lt;"),
        '>' => out.push_str("&gt;"),
        _ => out.push(c),
    }
}

fn escaped(chars: &[char]) -> String {
    let mut out = String::new();
    for &c in chars {
        push_escaped(&mut out, c);
    }
    out
}

fn starts_with(chars: &[char], i: usize, word: &str) -> bool {
    let mut j = i;
    for c in word.chars() {
        if chars.get(j) != Some(&c) {
            return false;
        }
        j += 1;
    }
    true
}

/// Reads a symbol at `i` and returns its HTML and the index after it.
/// Without `bare`, a name needs a subscript or a superscript.
fn symbol(chars: &[char], i: usize, bare: bool) -> Option<(String, usize)> {
    let (name, shown) = NAMES.iter().find(|(name, _)| starts_with(chars, i, name))?;
    let mut j = i + name.chars().count();
    let mut html = (*shown).to_string();
    let mut indexed = false;

    if chars.get(j) == Some(&'_') {
        if let Some((subscript, next)) = subscript(chars, j + 1) {
            html.push_str(&format!("<sub>{}</sub>", escaped(subscript)));
            j = next;
            indexed = true;
        }
    }
    if chars.get(j) == Some(&'^') && chars.get(j + 1) == Some(&'(') {
        let close = chars[j + 2..].iter().position(|&c| c == ')')? + j + 2;
        // The layer keeps its brackets, as in w⁽²⁾; any other superscript,
        // such as e^(−z), loses them.
        let inner = &chars[j + 2..close];
        let shown = if inner
            .iter()
            .all(|c| c.is_ascii_digit() || "l-+ ".contains(*c))
        {
            escaped(&chars[j + 1..=close])
        } else {
            escaped(inner)
        };
        html.push_str(&format!("<sup>{shown}</sup>"));
        j = close + 1;
        indexed = true;
    }

    let ends_word = chars.get(j).map_or(true, |&c| !is_word_char(c));
    if indexed || (bare && ends_word) {
        Some((html, j))
    } else {
        None
    }
}

/// Reads a subscript after `_`: `{…}`, a run of digits or one letter.
fn subscript(chars: &[char], i: usize) -> Option<(&[char], usize)> {
    match chars.get(i)? {
        '{' => {
            let close = chars[i + 1..].iter().position(|&c| c == '}')? + i + 1;
            Some((&chars[i + 1..close], close + 1))
        }
        c if c.is_ascii_digit() => {
            let end = chars[i..]
                .iter()
                .position(|c| !c.is_ascii_digit())
                .map_or(chars.len(), |n| n + i);
            Some((&chars[i..end], end))
        }
        c if c.is_ascii_alphabetic() => {
            let next = chars.get(i + 1).copied();
            if next.is_some_and(is_word_char) {
                None
            } else {
                Some((&chars[i..=i], i + 1))
            }
        }
        _ => None,
    }
}

/// Reads a derivative `dTOP/dBOTTOM` at `i`: dL/dw_{2,1}^(2),
/// da_1^(2)/dz_1^(2), dL_s/dtheta.
fn derivative(chars: &[char], i: usize) -> Option<(String, usize)> {
    if chars.get(i) != Some(&'d') {
        return None;
    }
    let (top, after_top) = symbol(chars, i + 1, true).or_else(|| bare_at_slash(chars, i + 1))?;
    if chars.get(after_top) != Some(&'/') || chars.get(after_top + 1) != Some(&'d') {
        return None;
    }
    let (bottom, end) = symbol(chars, after_top + 2, true)?;
    // One span, so that a line never breaks at the fraction's slash.
    Some((
        format!(r#"<span class="derivative">∂{top}/∂{bottom}</span>"#),
        end,
    ))
}

/// Reads a name that ends at a slash, such as the "a" of "da/dz", which
/// `symbol` would reject because a slash follows it without a space.
fn bare_at_slash(chars: &[char], i: usize) -> Option<(String, usize)> {
    let (name, shown) = NAMES.iter().find(|(name, _)| starts_with(chars, i, name))?;
    let end = i + name.chars().count();
    (chars.get(end) == Some(&'/')).then(|| ((*shown).to_string(), end))
}

fn greek_word(chars: &[char], i: usize) -> Option<(String, usize)> {
    GREEK.iter().find_map(|(word, letter)| {
        let end = i + word.len();
        let whole =
            starts_with(chars, i, word) && chars.get(end).map_or(true, |&c| !c.is_alphabetic());
        whole.then(|| ((*letter).to_string(), end))
    })
}
