//! IRIs: derived from stable entity keys, so graphs built from separate
//! batches merge by plain union. The ontology namespace is fixed; the base of
//! the data IRIs is a build option (`--base-iri`).

/// The namespace of the `kg` ontology (classes and predicates).
pub const ONTOLOGY_NS: &str = "https://example.org/kg/ontology#";
/// The default base of entity, document and evidence IRIs.
pub const DEFAULT_BASE: &str = "https://example.org/kg/";
pub const WIKIDATA_ENTITY: &str = "http://www.wikidata.org/entity/";

/// The IRI of an entity node from its key (a slug of `[a-z0-9_-]`).
pub fn entity(base: &str, key: &str) -> String {
    format!("{base}entity/{key}")
}

/// The IRI of a document from its file name.
pub fn document(base: &str, name: &str) -> String {
    format!("{base}doc/{}", slug(name))
}

/// The IRI of an ontology class or predicate.
pub fn term(name: &str) -> String {
    format!("{ONTOLOGY_NS}{name}")
}

/// A lowercase slug: letters and digits kept (ASCII-folded where simple),
/// everything else one `_`. `"St. Petersburg"` → `st_petersburg`.
pub fn slug(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut gap = false;
    for c in text.chars().flat_map(char::to_lowercase) {
        let c = fold(c);
        if c.is_ascii_alphanumeric() {
            if gap && !out.is_empty() {
                out.push('_');
            }
            gap = false;
            out.push(c.to_ascii_lowercase());
        } else if c != '\'' && c != '’' {
            gap = true;
        }
    }
    out
}

fn fold(c: char) -> char {
    match c {
        'á' | 'à' | 'â' | 'ä' | 'ã' | 'å' | 'ą' => 'a',
        'é' | 'è' | 'ê' | 'ë' | 'ę' | 'ė' => 'e',
        'í' | 'ì' | 'î' | 'ï' | 'į' => 'i',
        'ó' | 'ò' | 'ô' | 'ö' | 'õ' | 'ø' => 'o',
        'ú' | 'ù' | 'û' | 'ü' | 'ū' | 'ų' => 'u',
        'ł' => 'l',
        'ń' | 'ñ' => 'n',
        'ś' | 'š' => 's',
        'ź' | 'ż' | 'ž' => 'z',
        'č' | 'ć' => 'c',
        'ý' => 'y',
        _ => c,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn slug_folds_punctuation_and_case() {
        assert_eq!(slug("St. Petersburg"), "st_petersburg");
        assert_eq!(
            slug("Radio Free Europe/Radio Liberty"),
            "radio_free_europe_radio_liberty"
        );
        assert_eq!(slug("Russia's economy"), "russias_economy");
        assert_eq!(slug("Łukaszenka"), "lukaszenka");
    }

    #[test]
    fn iris_are_stable() {
        assert_eq!(
            entity(DEFAULT_BASE, "putin"),
            "https://example.org/kg/entity/putin"
        );
        assert_eq!(
            document(DEFAULT_BASE, "000_a.txt"),
            "https://example.org/kg/doc/000_a_txt"
        );
    }
}
