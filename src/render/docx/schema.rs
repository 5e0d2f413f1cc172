//! WordprocessingML in the order the schema demands. docx-rs 0.4 writes the children of property
//! elements (`w:pPr`, `w:rPr`, `w:sectPr`, a style, ...) in its own order; ECMA-376 defines each as
//! a sequence, and Word repairs, opens read-only or drops properties that are out of sequence.
//! [`schema_order`] rewrites one XML part: the children of every element in [`SEQUENCES`] are put
//! in schema order (a stable sort, so repeatable children keep theirs), children the schema does
//! not allow where they are ([`MISPLACED`]) are dropped, and undeclared attributes
//! ([`UNDECLARED`]) are removed. Everything else is copied byte for byte.
//!
//! It streams: only the content of the property elements being reordered is held, never a tree,
//! so a document of tens of megabytes costs one pass. [`orphans`] and [`without_overrides`] name
//! and remove the parts a package holds but never relates.
//!
//! Names are matched as written with the `w:` prefix, which is how docx-rs and the row writer
//! (`rows`) bind the WordprocessingML namespace in every part.

use quick_xml::Reader;
use quick_xml::events::Event;
use std::collections::{BTreeSet, HashMap};
use std::sync::OnceLock;

/// Each reordered element with its children in schema order (ECMA-376 Part 1, transitional, as the
/// Open XML SDK validates it), separated by white space. Names joined by `|` share a place: the
/// schema lets them come in any order among themselves. A child not listed goes after the listed
/// ones, in its own order.
const SEQUENCES: &[(&str, &str)] = &[
    // CT_PPr, and CT_PPrGeneral (styles, defaults, numbering levels) which stops before rPr.
    (
        "w:pPr",
        "w:pStyle w:keepNext w:keepLines w:pageBreakBefore w:framePr w:widowControl w:numPr \
         w:suppressLineNumbers w:pBdr w:shd w:tabs w:suppressAutoHyphens w:kinsoku w:wordWrap \
         w:overflowPunct w:topLinePunct w:autoSpaceDE w:autoSpaceDN w:bidi w:adjustRightInd \
         w:snapToGrid w:spacing w:ind w:contextualSpacing w:mirrorIndents w:suppressOverlap \
         w:jc w:textDirection w:textAlignment w:textboxTightWrap w:outlineLvl w:divId \
         w:cnfStyle w:rPr w:sectPr w:pPrChange",
    ),
    // CT_RPr, and CT_ParaRPr (a paragraph mark's) which starts with the revision marks.
    (
        "w:rPr",
        "w:ins w:del w:moveFrom w:moveTo w:rStyle w:rFonts w:b w:bCs w:i w:iCs w:caps \
         w:smallCaps w:strike w:dstrike w:outline w:shadow w:emboss w:imprint w:noProof \
         w:snapToGrid w:vanish w:webHidden w:color w:spacing w:w w:kern w:position w:sz \
         w:szCs w:highlight w:u w:effect w:bdr w:shd w:fitText w:vertAlign w:rtl w:cs w:em \
         w:lang w:eastAsianLayout w:specVanish w:oMath w:rPrChange",
    ),
    (
        "w:sectPr",
        "w:headerReference|w:footerReference w:footnotePr w:endnotePr w:type w:pgSz w:pgMar \
         w:paperSrc w:pgBorders w:lnNumType w:pgNumType w:cols w:formProt w:vAlign \
         w:noEndnote w:titlePg w:textDirection w:bidi w:rtlGutter w:docGrid w:printerSettings \
         w:sectPrChange",
    ),
    ("w:styles", "w:docDefaults w:latentStyles w:style"),
    ("w:docDefaults", "w:rPrDefault w:pPrDefault"),
    (
        "w:style",
        "w:name w:aliases w:basedOn w:next w:link w:autoRedefine w:hidden w:uiPriority \
         w:semiHidden w:unhideWhenUsed w:qFormat w:locked w:personal w:personalCompose \
         w:personalReply w:rsid w:pPr w:rPr w:tblPr w:trPr w:tcPr w:tblStylePr",
    ),
    ("w:tblStylePr", "w:pPr w:rPr w:tblPr w:trPr w:tcPr"),
    (
        "w:tblPr",
        "w:tblStyle w:tblpPr w:tblOverlap w:bidiVisual w:tblStyleRowBandSize \
         w:tblStyleColBandSize w:tblW w:jc w:tblCellSpacing w:tblInd w:tblBorders w:shd \
         w:tblLayout w:tblCellMar w:tblLook w:tblCaption w:tblDescription w:tblPrChange",
    ),
    (
        "w:tblPrEx",
        "w:tblW w:jc w:tblCellSpacing w:tblInd w:tblBorders w:shd w:tblLayout w:tblCellMar \
         w:tblLook w:tblPrExChange",
    ),
    // CT_TrPrBase is a choice: its children come in any order, before the revision marks.
    (
        "w:trPr",
        "w:cnfStyle|w:divId|w:gridBefore|w:gridAfter|w:wBefore|w:wAfter|w:cantSplit|w:trHeight|w:tblHeader|w:tblCellSpacing|w:jc|w:hidden \
         w:ins w:del w:trPrChange",
    ),
    (
        "w:tcPr",
        "w:cnfStyle w:tcW w:gridSpan w:hMerge w:vMerge w:tcBorders w:shd w:noWrap w:tcMar \
         w:textDirection w:tcFitText w:vAlign w:hideMark w:headers \
         w:cellIns|w:cellDel|w:cellMerge w:tcPrChange",
    ),
    (
        "w:tblBorders",
        "w:top w:left w:start w:bottom w:right w:end w:insideH w:insideV",
    ),
    (
        "w:tcBorders",
        "w:top w:left w:start w:bottom w:right w:end w:insideH w:insideV w:tl2br w:tr2bl",
    ),
    ("w:pBdr", "w:top w:left w:bottom w:right w:between w:bar"),
    (
        "w:tblCellMar",
        "w:top w:left w:start w:bottom w:right w:end",
    ),
    ("w:tcMar", "w:top w:left w:start w:bottom w:right w:end"),
    (
        "w:docPartObj",
        "w:docPartGallery w:docPartCategory w:docPartUnique",
    ),
    (
        "w:numbering",
        "w:numPicBullet w:abstractNum w:num w:numIdMacAtCleanup",
    ),
    (
        "w:abstractNum",
        "w:nsid w:multiLevelType w:tmpl w:name w:styleLink w:numStyleLink w:lvl",
    ),
    ("w:num", "w:abstractNumId w:lvlOverride"),
    (
        "w:lvl",
        "w:start w:numFmt w:lvlRestart w:pStyle w:isLgl w:suff w:lvlText w:lvlPicBulletId \
         w:legacy w:lvlJc w:pPr w:rPr",
    ),
    (
        "w:settings",
        "w:writeProtection w:view w:zoom w:removePersonalInformation w:removeDateAndTime \
         w:doNotDisplayPageBoundaries w:displayBackgroundShape w:printPostScriptOverText \
         w:printFractionalCharacterWidth w:printFormsData w:embedTrueTypeFonts \
         w:embedSystemFonts w:saveSubsetFonts w:saveFormsData w:mirrorMargins \
         w:alignBordersAndEdges w:bordersDoNotSurroundHeader w:bordersDoNotSurroundFooter \
         w:gutterAtTop w:hideSpellingErrors w:hideGrammaticalErrors w:activeWritingStyle \
         w:proofState w:formsDesign w:attachedTemplate w:linkStyles w:stylePaneFormatFilter \
         w:stylePaneSortMethod w:documentType w:mailMerge w:revisionView w:trackRevisions \
         w:doNotTrackMoves w:doNotTrackFormatting w:documentProtection w:autoFormatOverride \
         w:styleLockTheme w:styleLockQFSet w:defaultTabStop w:autoHyphenation \
         w:consecutiveHyphenLimit w:hyphenationZone w:doNotHyphenateCaps w:showEnvelope \
         w:summaryLength w:clickAndTypeStyle w:defaultTableStyle w:evenAndOddHeaders \
         w:bookFoldRevPrinting w:bookFoldPrinting w:bookFoldPrintingSheets \
         w:drawingGridHorizontalSpacing w:drawingGridVerticalSpacing \
         w:displayHorizontalDrawingGridEvery w:displayVerticalDrawingGridEvery \
         w:doNotUseMarginsForDrawingGridOrigin w:drawingGridHorizontalOrigin \
         w:drawingGridVerticalOrigin w:doNotShadeFormData w:noPunctuationKerning \
         w:characterSpacingControl w:printTwoOnOne w:strictFirstAndLastChars \
         w:noLineBreaksAfter w:noLineBreaksBefore w:savePreviewPicture \
         w:doNotValidateAgainstSchema w:saveInvalidXml w:ignoreMixedContent \
         w:alwaysShowPlaceholderText w:doNotDemarcateInvalidXml w:saveXmlDataOnly \
         w:useXSLTWhenSaving w:saveThroughXslt w:showXMLTags w:alwaysMergeEmptyNamespace \
         w:updateFields w:hdrShapeDefaults w:footnotePr w:endnotePr w:compat w:docVars \
         w:rsids m:mathPr w:attachedSchema w:themeFontLang w:clrSchemeMapping \
         w:doNotIncludeSubdocsInStats w:doNotAutoCompressPictures w:forceUpgrade w:captions \
         w:readModeInkLockDown w:smartTagType sl:schemaLibrary w:shapeDefaults \
         w:doNotEmbedSmartTags w:decimalSymbol w:listSeparator",
    ),
];

/// `(grandparent, parent, child)`: a child the schema does not allow in that place. A style's,
/// the defaults' and a numbering level's `w:pPr` are CT_PPrGeneral, with no paragraph-mark run
/// properties; docx-rs writes an empty `w:rPr` there. The style's own `w:rPr` already formats its
/// paragraph marks, so one written there is dropped, not moved.
const MISPLACED: &[(&str, &str, &str)] = &[
    ("w:style", "w:pPr", "w:rPr"),
    ("w:tblStylePr", "w:pPr", "w:rPr"),
    ("w:pPrDefault", "w:pPr", "w:rPr"),
    ("w:lvl", "w:pPr", "w:rPr"),
];

/// `(element, attribute)`: attributes the schema does not declare on the element.
/// CT_TblGridCol has only `w:w` (twips), so `w:type` says nothing the schema does not.
const UNDECLARED: &[(&str, &str)] = &[("w:gridCol", "w:type")];

/// Where a child not listed for its parent goes: after every listed one.
const UNLISTED: u16 = u16::MAX;

type Ranks = HashMap<&'static str, u16>;

fn sequences() -> &'static HashMap<&'static str, Ranks> {
    static TABLE: OnceLock<HashMap<&'static str, Ranks>> = OnceLock::new();
    TABLE.get_or_init(|| {
        SEQUENCES
            .iter()
            .map(|(parent, children)| {
                let ranks = children
                    .split_whitespace()
                    .enumerate()
                    .flat_map(|(rank, names)| names.split('|').map(move |name| (name, rank as u16)))
                    .collect();
                (*parent, ranks)
            })
            .collect()
    })
}

/// One element being reordered: its children, written into `buf` as they come (themselves
/// reordered already), and where each starts and ends.
struct Frame<'a> {
    ranks: &'static Ranks,
    name: &'a str,
    /// Its parent's name, for [`MISPLACED`].
    parent: &'a str,
    /// How many elements are open inside and including it: its children open at this depth.
    depth: usize,
    buf: String,
    children: Vec<(u16, usize, usize)>,
    /// Where the next child starts: text before a child travels with it.
    mark: usize,
    child_rank: u16,
    child_dropped: bool,
}

/// The rewriter's state; frames are kept once allocated, so their buffers are reused.
struct Rewriter<'a> {
    out: String,
    open: Vec<&'a str>,
    frames: Vec<Frame<'a>>,
    top: usize,
}

impl<'a> Rewriter<'a> {
    fn sink(&mut self) -> &mut String {
        match self.top {
            0 => &mut self.out,
            n => &mut self.frames[n - 1].buf,
        }
    }

    /// The frame whose direct child an element opened now would be.
    fn parent_frame(&mut self) -> Option<&mut Frame<'a>> {
        let depth = self.open.len();
        match self.top {
            0 => None,
            n => Some(&mut self.frames[n - 1]).filter(|f| f.depth == depth),
        }
    }

    fn begin_child(&mut self, name: &str) {
        if let Some(frame) = self.parent_frame() {
            frame.child_rank = frame.ranks.get(name).copied().unwrap_or(UNLISTED);
            frame.child_dropped = MISPLACED
                .iter()
                .any(|&(g, p, c)| g == frame.parent && p == frame.name && c == name);
        }
    }

    fn end_child(&mut self) {
        if let Some(frame) = self.parent_frame() {
            if frame.child_dropped {
                frame.buf.truncate(frame.mark);
            } else {
                frame
                    .children
                    .push((frame.child_rank, frame.mark, frame.buf.len()));
                frame.mark = frame.buf.len();
            }
        }
    }

    fn start(&mut self, raw: &'a str, empty: bool) {
        let name = tag_name(raw);
        self.begin_child(name);
        match without_undeclared(name, raw) {
            Some(fixed) => self.sink().push_str(&fixed),
            None => self.sink().push_str(raw),
        }
        if empty {
            self.end_child();
            return;
        }
        let parent = self.open.last().copied().unwrap_or("");
        self.open.push(name);
        if let Some(ranks) = sequences().get(name) {
            let depth = self.open.len();
            if self.top == self.frames.len() {
                self.frames.push(Frame {
                    ranks,
                    name,
                    parent,
                    depth,
                    buf: String::new(),
                    children: Vec::new(),
                    mark: 0,
                    child_rank: UNLISTED,
                    child_dropped: false,
                });
            } else {
                let frame = &mut self.frames[self.top];
                (frame.ranks, frame.name, frame.parent, frame.depth) = (ranks, name, parent, depth);
                frame.buf.clear();
                frame.children.clear();
                frame.mark = 0;
            }
            self.top += 1;
        }
    }

    fn end(&mut self, raw: &str) {
        let closes_frame = self.top > 0 && self.frames[self.top - 1].depth == self.open.len();
        if closes_frame {
            let (below, above) = self.frames.split_at_mut(self.top - 1);
            let frame = &mut above[0];
            let sink = match below.last_mut() {
                Some(parent) => &mut parent.buf,
                None => &mut self.out,
            };
            if frame.children.is_sorted_by_key(|c| c.0) {
                sink.push_str(&frame.buf);
            } else {
                frame.children.sort_by_key(|c| c.0);
                for &(_, from, to) in &frame.children {
                    sink.push_str(&frame.buf[from..to]);
                }
                sink.push_str(&frame.buf[frame.mark..]);
            }
            sink.push_str(raw);
            self.top -= 1;
        } else {
            self.sink().push_str(raw);
        }
        self.open.pop();
        self.end_child();
    }
}

/// One XML part with the children of every element in [`SEQUENCES`] in schema order, misplaced
/// children dropped and undeclared attributes removed; the rest is unchanged, byte for byte. A
/// part that is not well-formed XML is returned as it is.
pub fn schema_order(xml: &str) -> String {
    rewrite(xml).unwrap_or_else(|| xml.to_string())
}

fn rewrite(xml: &str) -> Option<String> {
    let mut reader = Reader::from_str(xml);
    let mut w = Rewriter {
        out: String::with_capacity(xml.len()),
        open: Vec::new(),
        frames: Vec::new(),
        top: 0,
    };
    let mut at = 0usize;
    loop {
        let event = reader.read_event().ok()?;
        let next = usize::try_from(reader.buffer_position()).ok()?;
        let raw = xml.get(at..next)?;
        at = next;
        match event {
            Event::Eof => break,
            Event::Start(_) => w.start(raw, false),
            Event::Empty(_) => w.start(raw, true),
            Event::End(_) => w.end(raw),
            _ => w.sink().push_str(raw),
        }
    }
    if w.top != 0 || !w.open.is_empty() {
        return None;
    }
    w.out.push_str(&xml[at..]);
    Some(w.out)
}

/// The qualified name of a start, empty or end tag as written.
fn tag_name(raw: &str) -> &str {
    let name = raw.trim_start_matches('<').trim_start_matches('/');
    let end = name
        .find(|c: char| c.is_ascii_whitespace() || c == '/' || c == '>')
        .unwrap_or(name.len());
    &name[..end]
}

/// The tag without the attributes [`UNDECLARED`] names for it, or `None` when it has none.
fn without_undeclared(name: &str, raw: &str) -> Option<String> {
    let mut fixed: Option<String> = None;
    for &(_, attribute) in UNDECLARED.iter().filter(|(element, _)| *element == name) {
        let tag = fixed.as_deref().unwrap_or(raw);
        if let Some(cut) = without_attribute(tag, attribute) {
            fixed = Some(cut);
        }
    }
    fixed
}

fn without_attribute(tag: &str, attribute: &str) -> Option<String> {
    let mut from = 0;
    while let Some(found) = tag[from..].find(attribute) {
        let at = from + found;
        let after = &tag[at + attribute.len()..];
        let preceded = tag[..at].ends_with(|c: char| c.is_ascii_whitespace());
        let value = after.trim_start().strip_prefix('=').map(str::trim_start);
        if let (true, Some(value)) = (preceded, value) {
            let quote = value.chars().next()?;
            let close = value[1..].find(quote)?;
            let end = tag.len() - value.len() + 1 + close + 1;
            let start = tag[..at].trim_end().len();
            return Some(format!("{}{}", &tag[..start], &tag[end..]));
        }
        from = at + attribute.len();
    }
    None
}

/// The parts of a Word package that nothing relates: docx-rs always writes numbering, comments
/// and footnotes, and relates them only when the document uses them. Any part under `word/`
/// other than the main document and relationship parts that `document_rels` does not name is
/// an orphan, and so are its own relationships.
pub fn orphans(parts: &[String], document_rels: &str) -> BTreeSet<String> {
    let related: BTreeSet<String> = relationship_targets(document_rels)
        .into_iter()
        .map(|target| match target.strip_prefix('/') {
            Some(absolute) => absolute.to_string(),
            None => format!("word/{}", target.trim_start_matches("./")),
        })
        .collect();
    let unrelated: BTreeSet<String> = parts
        .iter()
        .filter(|p| p.starts_with("word/") && !p.starts_with("word/_rels/"))
        .filter(|p| p.as_str() != "word/document.xml" && !p.ends_with('/'))
        .filter(|p| !related.contains(p.as_str()))
        .cloned()
        .collect();
    let their_rels = unrelated
        .iter()
        .map(|p| format!("word/_rels/{}.rels", &p["word/".len()..]))
        .filter(|r| parts.contains(r))
        .collect::<Vec<_>>();
    unrelated.into_iter().chain(their_rels).collect()
}

fn relationship_targets(rels: &str) -> Vec<String> {
    let mut reader = Reader::from_str(rels);
    let mut targets = Vec::new();
    while let Ok(event) = reader.read_event() {
        match event {
            Event::Eof => break,
            Event::Start(e) | Event::Empty(e) if e.local_name().as_ref() == "Relationship" => {
                let target = e.try_get_attribute("Target").ok().flatten().and_then(|a| {
                    a.normalized_value(quick_xml::XmlVersion::Implicit1_0)
                        .ok()
                        .map(|v| v.into_owned())
                });
                let external = e
                    .try_get_attribute("TargetMode")
                    .ok()
                    .flatten()
                    .is_some_and(|a| &*a.value == "External");
                if let (Some(target), false) = (target, external) {
                    targets.push(target);
                }
            }
            _ => {}
        }
    }
    targets
}

/// `[Content_Types].xml` without the overrides for `parts` (package names, no leading slash).
pub fn without_overrides(content_types: &str, parts: &BTreeSet<String>) -> String {
    let mut out = String::with_capacity(content_types.len());
    let mut rest = content_types;
    while let Some(at) = rest.find("<Override ") {
        let Some(len) = rest[at..].find("/>").map(|e| e + 2) else {
            break;
        };
        let tag = &rest[at..at + len];
        out.push_str(&rest[..at]);
        let dropped = parts
            .iter()
            .any(|p| tag.contains(&format!("PartName=\"/{p}\"")));
        if !dropped {
            out.push_str(tag);
        }
        rest = &rest[at + len..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paragraph_and_run_properties_take_schema_order() {
        let xml = "<w:p><w:pPr><w:rPr /><w:jc w:val=\"right\" /><w:spacing w:after=\"20\" /><w:pStyle w:val=\"A\" /></w:pPr><w:r><w:rPr><w:sz w:val=\"16\" /><w:szCs w:val=\"16\" /><w:color w:val=\"595959\" /><w:b /><w:bCs /></w:rPr><w:t>x</w:t></w:r></w:p>";
        assert_eq!(
            schema_order(xml),
            "<w:p><w:pPr><w:pStyle w:val=\"A\" /><w:spacing w:after=\"20\" /><w:jc w:val=\"right\" /><w:rPr /></w:pPr><w:r><w:rPr><w:b /><w:bCs /><w:color w:val=\"595959\" /><w:sz w:val=\"16\" /><w:szCs w:val=\"16\" /></w:rPr><w:t>x</w:t></w:r></w:p>"
        );
    }

    #[test]
    fn nested_property_elements_are_reordered_inside_their_parent() {
        // The paragraph mark's rPr moves last in pPr, and its own children are sorted too.
        let xml = "<w:pPr><w:rPr><w:sz w:val=\"2\" /><w:b /></w:rPr><w:tabs><w:tab w:val=\"right\" w:pos=\"9\" /></w:tabs><w:pStyle w:val=\"T\" /></w:pPr>";
        assert_eq!(
            schema_order(xml),
            "<w:pPr><w:pStyle w:val=\"T\" /><w:tabs><w:tab w:val=\"right\" w:pos=\"9\" /></w:tabs><w:rPr><w:b /><w:sz w:val=\"2\" /></w:rPr></w:pPr>"
        );
    }

    #[test]
    fn header_and_footer_references_lead_the_section_in_their_own_order() {
        let xml = "<w:sectPr><w:pgSz w:w=\"1\" /><w:pgMar w:top=\"1\" /><w:cols /><w:headerReference r:id=\"h\" /><w:footerReference r:id=\"f\" /><w:headerReference w:type=\"first\" r:id=\"h2\" /></w:sectPr>";
        assert_eq!(
            schema_order(xml),
            "<w:sectPr><w:headerReference r:id=\"h\" /><w:footerReference r:id=\"f\" /><w:headerReference w:type=\"first\" r:id=\"h2\" /><w:pgSz w:w=\"1\" /><w:pgMar w:top=\"1\" /><w:cols /></w:sectPr>"
        );
    }

    #[test]
    fn styles_lose_paragraph_mark_properties_and_take_schema_order() {
        let xml = "<w:styles><w:docDefaults><w:rPrDefault><w:rPr><w:sz w:val=\"21\" /><w:rFonts w:ascii=\"C\" /></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:rPr /><w:spacing w:after=\"100\" /></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type=\"paragraph\" w:styleId=\"R\"><w:name w:val=\"R\" /><w:rPr><w:sz w:val=\"16\" /><w:b /></w:rPr><w:pPr><w:rPr><w:i /></w:rPr><w:jc w:val=\"right\" /><w:spacing w:before=\"20\" /></w:pPr><w:qFormat /><w:basedOn w:val=\"S\" /></w:style></w:styles>";
        assert_eq!(
            schema_order(xml),
            "<w:styles><w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii=\"C\" /><w:sz w:val=\"21\" /></w:rPr></w:rPrDefault><w:pPrDefault><w:pPr><w:spacing w:after=\"100\" /></w:pPr></w:pPrDefault></w:docDefaults><w:style w:type=\"paragraph\" w:styleId=\"R\"><w:name w:val=\"R\" /><w:basedOn w:val=\"S\" /><w:qFormat /><w:pPr><w:spacing w:before=\"20\" /><w:jc w:val=\"right\" /></w:pPr><w:rPr><w:b /><w:sz w:val=\"16\" /></w:rPr></w:style></w:styles>"
        );
    }

    #[test]
    fn a_paragraphs_own_mark_properties_stay() {
        let xml = "<w:body><w:p><w:pPr><w:rPr><w:b /></w:rPr><w:pStyle w:val=\"A\" /></w:pPr></w:p></w:body>";
        assert_eq!(
            schema_order(xml),
            "<w:body><w:p><w:pPr><w:pStyle w:val=\"A\" /><w:rPr><w:b /></w:rPr></w:pPr></w:p></w:body>"
        );
    }

    #[test]
    fn settings_numbering_levels_and_tables_take_schema_order() {
        let settings = "<w:settings><w:defaultTabStop w:val=\"840\" /><w:zoom w:percent=\"100\" /><w:compat><w:useFELayout /><w:spaceForUL /></w:compat><w:updateFields w:val=\"true\" /></w:settings>";
        assert_eq!(
            schema_order(settings),
            "<w:settings><w:zoom w:percent=\"100\" /><w:defaultTabStop w:val=\"840\" /><w:updateFields w:val=\"true\" /><w:compat><w:useFELayout /><w:spaceForUL /></w:compat></w:settings>"
        );
        let level = "<w:lvl w:ilvl=\"0\"><w:start w:val=\"1\" /><w:lvlJc w:val=\"left\" /><w:lvlText w:val=\"%1.\" /><w:pPr><w:rPr /><w:ind w:left=\"420\" /></w:pPr><w:rPr /></w:lvl>";
        assert_eq!(
            schema_order(level),
            "<w:lvl w:ilvl=\"0\"><w:start w:val=\"1\" /><w:lvlText w:val=\"%1.\" /><w:lvlJc w:val=\"left\" /><w:pPr><w:ind w:left=\"420\" /></w:pPr><w:rPr /></w:lvl>"
        );
        let table = "<w:tbl><w:tblPr><w:tblBorders><w:insideH w:val=\"single\" /><w:top w:val=\"single\" /></w:tblBorders><w:jc w:val=\"left\" /><w:tblW w:w=\"5\" w:type=\"dxa\" /></w:tblPr><w:tblGrid><w:gridCol w:w=\"5\" w:type=\"dxa\" /></w:tblGrid><w:tr><w:trPr><w:tblHeader /><w:cantSplit /></w:trPr><w:tc><w:tcPr><w:shd w:fill=\"EEEEEE\" /><w:tcW w:w=\"5\" w:type=\"dxa\" /></w:tcPr><w:p /></w:tc></w:tr></w:tbl>";
        assert_eq!(
            schema_order(table),
            "<w:tbl><w:tblPr><w:tblW w:w=\"5\" w:type=\"dxa\" /><w:jc w:val=\"left\" /><w:tblBorders><w:top w:val=\"single\" /><w:insideH w:val=\"single\" /></w:tblBorders></w:tblPr><w:tblGrid><w:gridCol w:w=\"5\" /></w:tblGrid><w:tr><w:trPr><w:tblHeader /><w:cantSplit /></w:trPr><w:tc><w:tcPr><w:tcW w:w=\"5\" w:type=\"dxa\" /><w:shd w:fill=\"EEEEEE\" /></w:tcPr><w:p /></w:tc></w:tr></w:tbl>"
        );
    }

    #[test]
    fn text_declarations_and_unlisted_children_are_kept() {
        let xml = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<w:r><w:rPr>\n  <w14:glow /><w:sz w:val=\"1\" />\n  <w:b/>\n</w:rPr><w:t xml:space=\"preserve\">a &amp; b<!-- c --></w:t></w:r>";
        assert_eq!(
            schema_order(xml),
            "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<w:r><w:rPr>\n  <w:b/><w:sz w:val=\"1\" />\n  <w14:glow />\n</w:rPr><w:t xml:space=\"preserve\">a &amp; b<!-- c --></w:t></w:r>"
        );
    }

    #[test]
    fn documents_already_in_order_and_broken_xml_pass_unchanged() {
        let mut rows = String::new();
        super::super::rows::push_row(
            &mut rows,
            &[super::super::rows::Cell {
                text: "A & B",
                width: 100,
                right: true,
            }],
        );
        assert_eq!(schema_order(&rows), rows);
        for broken in [
            "<w:pPr><w:jc /><w:pStyle />",
            "<w:pPr></w:rPr>",
            "<w:pPr a=>",
        ] {
            assert_eq!(schema_order(broken), broken);
        }
    }

    #[test]
    fn undeclared_attributes_are_removed_wherever_they_stand() {
        assert_eq!(
            without_attribute("<w:gridCol w:type='dxa' w:w=\"5\"/>", "w:type").as_deref(),
            Some("<w:gridCol w:w=\"5\"/>")
        );
        assert_eq!(without_attribute("<w:gridCol w:w=\"5\" />", "w:type"), None);
        assert_eq!(
            without_attribute("<w:gridCol xw:type=\"a\" />", "w:type"),
            None
        );
    }

    #[test]
    fn unrelated_parts_are_found_and_their_overrides_dropped() {
        let rels = "<Relationships xmlns=\"x\"><Relationship Id=\"rId1\" Type=\"t/styles\" Target=\"styles.xml\" /><Relationship Id=\"rId2\" Type=\"t/header\" Target=\"/word/header1.xml\" /><Relationship Id=\"rId9\" Type=\"t/hyperlink\" Target=\"numbering.xml\" TargetMode=\"External\" /></Relationships>";
        let parts: Vec<String> = [
            "[Content_Types].xml",
            "word/",
            "word/document.xml",
            "word/styles.xml",
            "word/header1.xml",
            "word/_rels/header1.xml.rels",
            "word/_rels/document.xml.rels",
            "word/numbering.xml",
            "word/comments.xml",
            "word/_rels/comments.xml.rels",
        ]
        .map(String::from)
        .to_vec();
        let found = orphans(&parts, rels);
        assert_eq!(
            found.iter().map(String::as_str).collect::<Vec<_>>(),
            [
                "word/_rels/comments.xml.rels",
                "word/comments.xml",
                "word/numbering.xml"
            ]
        );
        let types = "<Types><Default Extension=\"xml\" /><Override PartName=\"/word/numbering.xml\" ContentType=\"n\" /><Override PartName=\"/word/styles.xml\" ContentType=\"s\" /><Override PartName=\"/word/comments.xml\" ContentType=\"c\" /></Types>";
        assert_eq!(
            without_overrides(types, &found),
            "<Types><Default Extension=\"xml\" /><Override PartName=\"/word/styles.xml\" ContentType=\"s\" /></Types>"
        );
    }
}
