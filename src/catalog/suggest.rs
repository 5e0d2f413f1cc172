//! The catalog type a room-type text probably means ("closest: ..."). Conservative: no suggestion
//! is better than a wrong one.
//!
//! A suggestion comes from the words, not the letters: the text's words (abbreviations expanded,
//! plurals and misspelt words mended) against each catalog name and alias, where the word that
//! ends the text (its head: "storage" in "Pharmacy Storage") must match, or a name of two or more
//! words must be there whole. Letters count only to mend one misspelt word ("Rooom"). A
//! classification number the catalog does not hold is suggested the type of its catalog siblings,
//! when they all are one type.

use super::matching::{code_parts, looks_like_code, name_core, split_classification};
use super::resolve_text::{is_catch_all, is_placeholder};
use super::words::{is_generic, is_weak, words};
use super::{Catalog, RoomType};
use std::cell::RefCell;
use std::collections::BTreeSet;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Arc;

/// One catalog name or alias, as the words compared.
struct Entry {
    /// Its room type's place in the catalog.
    room_type: usize,
    /// Its words less the generic ones ("room", "space").
    words: BTreeSet<String>,
    /// All its words.
    all: BTreeSet<String>,
}

/// The catalog's names and aliases in words.
struct Index {
    entries: Vec<Entry>,
    /// Every word the catalog's names use, generic ones too, for mending misspellings.
    vocabulary: BTreeSet<String>,
}

impl Index {
    fn new(catalog: &Catalog) -> Index {
        let mut entries = Vec::new();
        let mut vocabulary: BTreeSet<String> = BTreeSet::new();
        for (index, room_type) in catalog.room_types.iter().enumerate() {
            for name in std::iter::once(&room_type.name).chain(&room_type.aliases) {
                let all: BTreeSet<String> = words(name).into_iter().collect();
                vocabulary.extend(all.iter().cloned());
                let specific: BTreeSet<String> =
                    all.iter().filter(|w| !is_generic(w)).cloned().collect();
                if !specific.is_empty() {
                    entries.push(Entry {
                        room_type: index,
                        words: specific,
                        all,
                    });
                }
            }
        }
        vocabulary.extend(["room", "space", "area"].map(String::from));
        Index {
            entries,
            vocabulary,
        }
    }

    /// The index of this catalog, built once: a reader asks for a hint per unknown text, and
    /// building costs as much as many suggestions. Keyed by the names themselves, so an edited
    /// catalog gets its own.
    fn of(catalog: &Catalog) -> Arc<Index> {
        thread_local! {
            static LAST: RefCell<Option<(u64, Arc<Index>)>> = const { RefCell::new(None) };
        }
        let mut hasher = DefaultHasher::new();
        for room_type in &catalog.room_types {
            room_type.name.hash(&mut hasher);
            room_type.aliases.hash(&mut hasher);
        }
        let key = hasher.finish();
        LAST.with(|last| {
            let mut last = last.borrow_mut();
            match last.as_ref() {
                Some((k, index)) if *k == key => index.clone(),
                _ => {
                    let index = Arc::new(Index::new(catalog));
                    *last = Some((key, index.clone()));
                    index
                }
            }
        })
    }
}

/// Suggestions over one catalog.
pub struct Suggester<'c> {
    catalog: &'c Catalog,
    index: Arc<Index>,
}

impl Catalog {
    /// The catalog type a room-type text (or a room's name) plausibly means, or none.
    pub fn suggest(&self, text: &str) -> Option<&RoomType> {
        Suggester::new(self).suggest(text)
    }
}

impl<'c> Suggester<'c> {
    const MAX_CHARS: usize = 120;

    pub fn new(catalog: &'c Catalog) -> Self {
        Suggester {
            catalog,
            index: Index::of(catalog),
        }
    }

    /// The catalog type a text plausibly means: the type it matches, else the closest by words
    /// (for a classification entry, by its title), else by its number's catalog siblings. None
    /// for a placeholder, a catch-all, or a text nothing in the catalog plausibly fits.
    pub fn suggest(&self, text: &str) -> Option<&'c RoomType> {
        // No room type runs to a sentence; a long cell is something else, and costs a comparison
        // per word.
        if is_placeholder(text) || text.chars().count() > Self::MAX_CHARS {
            return None;
        }
        if let Some(found) = self.catalog.match_room_type(text) {
            return Some(found);
        }
        let (code, title) = match split_classification(text) {
            Some((code, title)) => (Some(code), title),
            None if looks_like_code(text) => (Some(text), text),
            None => (None, text),
        };
        // A catch-all title ("Other Healing Spaces") or number ("13-41 41 99") says nothing; a
        // title that says something is heard whatever its number.
        (!is_catch_all(title))
            .then(|| self.by_words(title))
            .flatten()
            .or_else(|| {
                code.filter(|code| !is_catch_all(code))
                    .and_then(|code| self.by_sibling_number(code))
            })
    }

    fn by_words(&self, text: &str) -> Option<&'c RoomType> {
        let mut all: BTreeSet<String> = BTreeSet::new();
        let mut wanted: Vec<String> = Vec::new();
        for word in words(&name_core(text)) {
            for word in self.mend(word) {
                all.insert(word.clone());
                if !is_generic(&word) && !wanted.contains(&word) {
                    wanted.push(word);
                }
            }
        }
        // The head: the last word that names something ("kitchen" in "Kitchen Space"); a text of
        // qualifiers only ("Patient Room") must match a name of the same words.
        let head = wanted
            .iter()
            .rev()
            .find(|w| !is_weak(w))
            .or(wanted.last())?;
        let wanted_set: BTreeSet<&String> = wanted.iter().collect();
        // Qualifiers after the head ("Store" in "Retail Store") say what kind of place it is:
        // a name that fits must have them too.
        let after_head: Vec<&String> = wanted.iter().skip_while(|w| *w != head).skip(1).collect();

        // Per type, the best score of its names; scores in thousandths.
        let mut best: Vec<(usize, u32)> = Vec::new();
        for entry in &self.index.entries {
            let common: Vec<&String> = entry
                .words
                .iter()
                .filter(|w| wanted_set.contains(w))
                .collect();
            let strong = common.iter().filter(|w| !is_weak(w)).count();
            let same_words = common.len() == entry.words.len() && common.len() == wanted.len();
            if strong == 0 && !same_words {
                continue;
            }
            let shared = common.len() as u32;
            let of_entry = 1000 * shared / entry.words.len() as u32;
            let of_text = 1000 * shared / wanted.len() as u32;
            let head_matches =
                common.contains(&head) && after_head.iter().all(|w| common.contains(w));
            let whole_entry = of_entry == 1000 && strong >= 2;
            if !((head_matches && of_entry >= 500) || whole_entry) {
                continue;
            }
            // Between names of the same words, the one written alike ("Work Rm": "Work Room",
            // not "Work Area").
            let written_alike = if entry.all == all { 100 } else { 0 };
            let score = of_entry + of_text + written_alike + if head_matches { 1000 } else { 0 };
            match best.iter_mut().find(|(t, _)| *t == entry.room_type) {
                Some((_, s)) => *s = (*s).max(score),
                None => best.push((entry.room_type, score)),
            }
        }
        best.sort_by_key(|b| std::cmp::Reverse(b.1));
        match best.as_slice() {
            [] => None,
            // Two types fit as well: either may be wrong.
            [(_, first), (_, second), ..] if first == second => None,
            [(found, _), ..] => self.catalog.room_types.get(*found),
        }
    }

    /// A word as the catalog spells it: unchanged when the catalog uses it, else one catalog word
    /// it misspells (one letter wrong, two in a long word), else two catalog words run together
    /// ("examroom"), else unchanged.
    fn mend(&self, word: String) -> Vec<String> {
        let length = word.chars().count();
        if self.index.vocabulary.contains(&word) || length < 5 {
            return vec![word];
        }
        let allowed = if length >= 9 { 2 } else { 1 };
        // A word plus an ending is another word, not a misspelling ("environment" and
        // "environmental").
        let derived = |v: &String| {
            let (short, long) = if v.len() < word.len() {
                (v.as_str(), word.as_str())
            } else {
                (word.as_str(), v.as_str())
            };
            long.len() >= short.len() + 2 && long.starts_with(short)
        };
        let mut closest: Vec<(&String, usize)> = self
            .index
            .vocabulary
            .iter()
            .filter(|v| v.chars().count().abs_diff(length) <= allowed && !derived(v))
            .map(|v| (v, strsim::damerau_levenshtein(&word, v)))
            .filter(|&(_, d)| d <= allowed)
            .collect();
        closest.sort_by_key(|&(_, d)| d);
        match closest.as_slice() {
            [(only, _)] => return vec![(*only).clone()],
            [(first, d1), (_, d2), ..] if d1 < d2 => return vec![(*first).clone()],
            [_, _, ..] => return vec![word],
            [] => {}
        }
        let split = (3..length.saturating_sub(2))
            .filter(|&at| word.is_char_boundary(at))
            .map(|at| word.split_at(at))
            .find(|(a, b)| {
                self.index.vocabulary.contains(*a) && self.index.vocabulary.contains(*b)
            });
        match split {
            Some((a, b)) => vec![a.to_string(), b.to_string()],
            None => vec![word],
        }
    }

    /// The one type of every catalog number beside this one: same level, same parent
    /// ("13-75 11 14" beside Storage's "13-75 11 11").
    fn by_sibling_number(&self, code: &str) -> Option<&'c RoomType> {
        let wanted = code_parts(code);
        let (_, parent) = wanted.split_last()?;
        if parent.len() < 2 {
            return None;
        }
        let mut found: Option<&'c RoomType> = None;
        for room_type in &self.catalog.room_types {
            for number in &room_type.omniclass {
                let parts = code_parts(number);
                if parts.len() == wanted.len() && parts.starts_with(parent) {
                    match found {
                        Some(t) if !std::ptr::eq(t, room_type) => return None,
                        _ => found = Some(room_type),
                    }
                }
            }
        }
        found
    }
}

#[cfg(test)]
#[path = "suggest_tests.rs"]
mod tests;
