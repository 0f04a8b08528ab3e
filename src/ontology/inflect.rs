//! English verb inflection for the lexicon: a word-class entry written
//! with `+` after its verb ("condemn+", "stand+ with") stands for every
//! form of that verb, so a rule written with the class matches "condemns",
//! "condemned" and "is condemning" without each form being listed. Regular
//! forms follow the spelling rules (e-final, y after a consonant,
//! sibilants, a doubled final consonant after one short vowel); the past
//! forms of irregular verbs come from the lexicon's `[irregular_verbs]`.

use std::collections::BTreeMap;

/// The forms a `+` entry stands for: base, third person singular, past
/// (and participle, when it differs) and present participle, each with the
/// words that follow the verb. An entry without `+` is itself.
pub fn expand(entry: &str, irregular: &BTreeMap<String, Vec<String>>) -> Vec<String> {
    let Some((verb, rest)) = entry.split_once('+') else {
        return vec![entry.to_string()];
    };
    let verb = verb.trim();
    let pasts = match irregular.get(verb) {
        Some(p) if !p.is_empty() => p.clone(),
        _ => vec![past(verb)],
    };
    let mut forms = vec![verb.to_string(), third_person(verb)];
    forms.extend(pasts);
    forms.push(participle(verb));
    let mut out: Vec<String> = Vec::new();
    for form in forms {
        let phrase = format!("{form}{rest}");
        if !out.contains(&phrase) {
            out.push(phrase);
        }
    }
    out
}

fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u')
}

/// "try" → "tri": a final y after a consonant, for "-es" and "-ed".
fn y_stem(verb: &str) -> Option<&str> {
    let stem = verb.strip_suffix('y')?;
    stem.chars().last().filter(|c| !is_vowel(*c))?;
    Some(stem)
}

fn third_person(verb: &str) -> String {
    if let Some(stem) = y_stem(verb) {
        return format!("{stem}ies");
    }
    let sibilant = ["s", "x", "z", "ch", "sh", "o"]
        .iter()
        .any(|e| verb.ends_with(e));
    if sibilant {
        format!("{verb}es")
    } else {
        format!("{verb}s")
    }
}

/// Whether the final consonant doubles before "-ed"/"-ing": one vowel
/// group, ending consonant-vowel-consonant ("ban", "jail" does not); a
/// final stressed syllable of a longer verb cannot be told from spelling,
/// so those ("expel", "commit") are listed with their forms instead.
fn doubles(verb: &str) -> bool {
    let chars: Vec<char> = verb.chars().collect();
    let n = chars.len();
    if n < 3 || !chars.iter().all(char::is_ascii_lowercase) {
        return false;
    }
    let (a, b, c) = (chars[n - 3], chars[n - 2], chars[n - 1]);
    let groups = chars
        .iter()
        .enumerate()
        .filter(|(i, c)| is_vowel(**c) && (*i == 0 || !is_vowel(chars[i - 1])))
        .count();
    groups == 1 && !is_vowel(a) && is_vowel(b) && !is_vowel(c) && !"wxy".contains(c)
}

fn past(verb: &str) -> String {
    if let Some(stem) = y_stem(verb) {
        return format!("{stem}ied");
    }
    if verb.ends_with('e') {
        return format!("{verb}d");
    }
    if doubles(verb) {
        let last = verb.chars().last().expect("checked length");
        return format!("{verb}{last}ed");
    }
    format!("{verb}ed")
}

fn participle(verb: &str) -> String {
    if let Some(stem) = verb.strip_suffix("ie") {
        return format!("{stem}ying");
    }
    let keeps_e = ["ee", "ye", "oe"].iter().any(|e| verb.ends_with(e)) || verb == "be";
    if let Some(stem) = verb.strip_suffix('e').filter(|_| !keeps_e) {
        return format!("{stem}ing");
    }
    if doubles(verb) {
        let last = verb.chars().last().expect("checked length");
        return format!("{verb}{last}ing");
    }
    format!("{verb}ing")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn forms(entry: &str) -> Vec<String> {
        let mut irregular = BTreeMap::new();
        irregular.insert("meet".to_string(), vec!["met".to_string()]);
        irregular.insert("stand".to_string(), vec!["stood".to_string()]);
        expand(entry, &irregular)
    }

    #[test]
    fn regular_verbs_get_every_form() {
        assert_eq!(
            forms("condemn+"),
            ["condemn", "condemns", "condemned", "condemning"]
        );
        assert_eq!(
            forms("denounce+"),
            ["denounce", "denounces", "denounced", "denouncing"]
        );
        assert_eq!(forms("decry+"), ["decry", "decries", "decried", "decrying"]);
        assert_eq!(
            forms("vilify+"),
            ["vilify", "vilifies", "vilified", "vilifying"]
        );
        assert_eq!(
            forms("deploy+"),
            ["deploy", "deploys", "deployed", "deploying"]
        );
        assert_eq!(
            forms("harass+"),
            ["harass", "harasses", "harassed", "harassing"]
        );
        assert_eq!(
            forms("impeach+"),
            ["impeach", "impeaches", "impeached", "impeaching"]
        );
        assert_eq!(forms("ban+"), ["ban", "bans", "banned", "banning"]);
        assert_eq!(forms("jail+"), ["jail", "jails", "jailed", "jailing"]);
        assert_eq!(
            forms("target+"),
            ["target", "targets", "targeted", "targeting"]
        );
        assert_eq!(forms("free+"), ["free", "frees", "freed", "freeing"]);
        assert_eq!(forms("tie+"), ["tie", "ties", "tied", "tying"]);
    }

    #[test]
    fn irregular_pasts_come_from_the_lexicon_and_phrases_keep_their_tail() {
        assert_eq!(
            forms("stand+ with"),
            ["stand with", "stands with", "stood with", "standing with"]
        );
        assert_eq!(forms("meet+"), ["meet", "meets", "met", "meeting"]);
        assert_eq!(forms("hosted"), ["hosted"]);
    }
}
