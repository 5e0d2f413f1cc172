//! Checks a user's templates before anything renders them: handlebars renders partials and nested
//! blocks by recursion, and a stack overflow aborts the process (it cannot be caught), so every
//! depth is bounded here, and a partial that includes itself, directly or through others, is
//! refused with the templates named.

use handlebars::template::{Parameter, Template, TemplateElement};
use std::collections::BTreeMap;

/// A template file larger than this is not a narrative: the shipped ones are under 8 KB.
pub const MAX_TEMPLATE_BYTES: usize = 256 * 1024;
/// Blocks (`{{#each}}`, `{{#if}}`, partial blocks, inline partials) inside one another.
const MAX_BLOCK_DEPTH: usize = 16;
/// Brackets of sub-expressions inside one `{{ }}`.
const MAX_BRACKET_DEPTH: usize = 12;
/// `{{#each}}` inside `{{#each}}`: each level multiplies the work by a list's length.
const MAX_LOOP_DEPTH: usize = 3;

/// Checks the text before the parser (which recurses on nesting) sees it.
pub fn check_text(text: &str) -> Result<(), String> {
    if text.len() > MAX_TEMPLATE_BYTES {
        return Err(format!(
            "the template is larger than {} KB",
            MAX_TEMPLATE_BYTES / 1024
        ));
    }
    let bytes = text.as_bytes();
    let (mut blocks, mut at) = (0usize, 0usize);
    while let Some(found) = find(bytes, at, b"{{") {
        let mut i = found + 2;
        while matches!(bytes.get(i), Some(b'{' | b'~' | b' ')) {
            i += 1;
        }
        match bytes.get(i) {
            Some(b'#' | b'^') if bytes.get(i + 1) != Some(&b'}') => blocks += 1,
            Some(b'/') => blocks = blocks.saturating_sub(1),
            _ => {}
        }
        if blocks > MAX_BLOCK_DEPTH {
            return Err(format!(
                "blocks are nested more than {MAX_BLOCK_DEPTH} deep"
            ));
        }
        let end = find(bytes, i, b"}}").unwrap_or(bytes.len());
        let mut depth = 0usize;
        for &b in &bytes[i..end] {
            match b {
                b'(' => depth += 1,
                b')' => depth = depth.saturating_sub(1),
                _ => {}
            }
            if depth > MAX_BRACKET_DEPTH {
                return Err(format!(
                    "brackets are nested more than {MAX_BRACKET_DEPTH} deep"
                ));
            }
        }
        at = end;
    }
    Ok(())
}

fn find(bytes: &[u8], from: usize, what: &[u8]) -> Option<usize> {
    bytes
        .get(from..)?
        .windows(what.len())
        .position(|w| w == what)
        .map(|p| p + from)
}

/// What a template or inline partial includes: each name with the loops around its inclusion.
type Includes = BTreeMap<String, usize>;

/// One template or inline partial: what it includes, and its own deepest loop nesting.
#[derive(Default)]
struct Node {
    includes: Includes,
    loops: usize,
}

/// What one template includes, found by walking its parsed form (as deep as `check_text` let
/// it be, so this recursion is bounded).
#[derive(Default)]
struct Walk {
    inline: BTreeMap<String, Node>,
    problem: Option<String>,
}

impl Walk {
    fn template(&mut self, template: &Template, loops: usize, node: &mut Node) {
        for element in &template.elements {
            self.element(element, loops, node);
        }
    }

    fn element(&mut self, element: &TemplateElement, loops: usize, node: &mut Node) {
        match element {
            // Triple braces print a value unescaped: it could write lines of markup.
            TemplateElement::HtmlExpression(_) => {
                self.fail("{{{value}}} prints a value unescaped; write {{value}}".into())
            }
            TemplateElement::HelperBlock(block) => {
                let loops = loops + usize::from(block.name.as_name() == Some("each"));
                node.loops = node.loops.max(loops);
                for inner in [&block.template, &block.inverse].into_iter().flatten() {
                    self.template(inner, loops, node);
                }
            }
            TemplateElement::DecoratorBlock(decorator) => {
                let name = decorator.params.first().and_then(literal_name);
                if let (Some("inline"), Some(name), Some(body)) =
                    (decorator.name.as_name(), name, &decorator.template)
                {
                    let mut own = Node::default();
                    self.template(body, 0, &mut own);
                    let entry = self.inline.entry(name).or_default();
                    entry.loops = entry.loops.max(own.loops);
                    merge(&mut entry.includes, own.includes);
                }
            }
            TemplateElement::PartialExpression(partial)
            | TemplateElement::PartialBlock(partial) => {
                match literal_name(&partial.name) {
                    // The caller's block, already rendered: it includes nothing.
                    Some(name) if name == "@partial-block" => {}
                    Some(name) => merge(&mut node.includes, [(name, loops)].into()),
                    None => self.fail("a partial's name must be written out, not computed".into()),
                }
                if let Some(body) = &partial.template {
                    self.template(body, loops, node);
                }
            }
            _ => {}
        }
    }

    fn fail(&mut self, message: String) {
        self.problem.get_or_insert(message);
    }
}

fn merge(into: &mut Includes, from: Includes) {
    for (name, loops) in from {
        let at = into.entry(name).or_insert(0);
        *at = (*at).max(loops);
    }
}

fn literal_name(parameter: &Parameter) -> Option<String> {
    match parameter {
        Parameter::Literal(serde_json::Value::String(s)) => Some(s.clone()),
        Parameter::Name(_) | Parameter::Path(_) => parameter.as_name().map(str::to_string),
        _ => None,
    }
}

/// Partials inside partials: each level is a deeper recursion when rendering.
const MAX_INCLUDE_DEPTH: usize = 8;

/// A problem in the templates as a whole: (the templates it concerns, what is wrong).
pub fn check_templates<'a>(
    templates: impl Iterator<Item = (&'a str, &'a Template)>,
) -> Result<(), (String, String)> {
    // Every template and inline partial, by name. Inline partials are scoped to where they are
    // declared; taking their names as global can only find more loops, never fewer.
    let mut graph: BTreeMap<String, Node> = BTreeMap::new();
    for (name, template) in templates {
        let mut walk = Walk::default();
        let mut node = Node::default();
        walk.template(template, 0, &mut node);
        if let Some(problem) = walk.problem {
            return Err((name.to_string(), problem));
        }
        for (name, node) in std::iter::once((name.to_string(), node)).chain(walk.inline) {
            let entry = graph.entry(name).or_default();
            entry.loops = entry.loops.max(node.loops);
            merge(&mut entry.includes, node.includes);
        }
    }
    let order = match depth_first(&graph) {
        Ok(order) => order,
        Err(cycle) => return Err(cycle_problem(&cycle)),
    };
    // Children come before their parents in `order`, so one pass settles every depth.
    let mut depth: BTreeMap<&str, (usize, usize)> = BTreeMap::new();
    for name in order {
        let node = &graph[name];
        let (mut includes, mut loops) = (0, node.loops);
        for (child, around) in &node.includes {
            if let Some((child_includes, child_loops)) = depth.get(child.as_str()) {
                includes = includes.max(child_includes + 1);
                loops = loops.max(around + child_loops);
            }
        }
        if includes > MAX_INCLUDE_DEPTH {
            return Err((
                name.to_string(),
                format!("partials are included more than {MAX_INCLUDE_DEPTH} deep"),
            ));
        }
        if loops > MAX_LOOP_DEPTH {
            return Err((
                name.to_string(),
                format!("{{{{#each}}}} is nested more than {MAX_LOOP_DEPTH} deep"),
            ));
        }
        depth.insert(name, (includes, loops));
    }
    Ok(())
}

fn cycle_problem(cycle: &[String]) -> (String, String) {
    let names = cycle.join(", ");
    if cycle.len() == 1 {
        return (names, format!("the partial {} includes itself", cycle[0]));
    }
    let path = cycle
        .iter()
        .chain(cycle.first())
        .map(String::as_str)
        .collect::<Vec<_>>()
        .join(" includes ");
    (names, format!("partials include each other: {path}"))
}

/// Every node, children before parents; or a loop of inclusions, in order. Iterative, so no
/// template set can make this check itself recurse deeply.
fn depth_first(graph: &BTreeMap<String, Node>) -> Result<Vec<&str>, Vec<String>> {
    #[derive(Clone, Copy, PartialEq)]
    enum Mark {
        Open,
        Done,
    }
    let children = |node: &str| -> Vec<&str> {
        graph
            .get(node)
            .map(|n| n.includes.keys().map(String::as_str).collect())
            .unwrap_or_default()
    };
    let mut marks: BTreeMap<&str, Mark> = BTreeMap::new();
    let mut order = Vec::new();
    for start in graph.keys() {
        if marks.contains_key(start.as_str()) {
            continue;
        }
        let mut stack: Vec<(&str, Vec<&str>)> = vec![(start, children(start))];
        marks.insert(start, Mark::Open);
        while let Some((node, rest)) = stack.last_mut() {
            let node = *node;
            let Some(next) = rest.pop() else {
                marks.insert(node, Mark::Done);
                if graph.contains_key(node) {
                    order.push(node);
                }
                stack.pop();
                continue;
            };
            match marks.get(next) {
                Some(Mark::Open) => {
                    let from = stack.iter().position(|(n, _)| *n == next).unwrap_or(0);
                    return Err(stack[from..].iter().map(|(n, _)| n.to_string()).collect());
                }
                Some(Mark::Done) => {}
                None => {
                    marks.insert(next, Mark::Open);
                    stack.push((next, children(next)));
                }
            }
        }
    }
    Ok(order)
}

/// A writer that refuses to grow past a limit: a template's loops over the project's lists can
/// multiply its text, and a narrative never needs more than this.
pub struct Capped {
    pub text: Vec<u8>,
}

/// Rendered narrative, at most: the shipped SOW renders to about 20 KB.
pub const MAX_RENDERED_BYTES: usize = 16 * 1024 * 1024;

impl std::io::Write for Capped {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.text.len() + buf.len() > MAX_RENDERED_BYTES {
            return Err(std::io::Error::other(format!(
                "the template renders to more than {} MB",
                MAX_RENDERED_BYTES / (1024 * 1024)
            )));
        }
        self.text.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(templates: &[(&str, &str)]) -> Result<(), (String, String)> {
        let compiled: Vec<(&str, Template)> = templates
            .iter()
            .map(|(n, t)| (*n, Template::compile(t).unwrap()))
            .collect();
        check_templates(compiled.iter().map(|(n, t)| (*n, t)))
    }

    #[test]
    fn refuses_partials_that_include_themselves() {
        let (names, message) = check(&[("a.hbs", "x {{> a.hbs}}")]).unwrap_err();
        assert_eq!(names, "a.hbs");
        assert!(message.contains("includes itself"), "{message}");
        let (names, message) = check(&[
            ("a.hbs", "{{> b.hbs}}"),
            ("b.hbs", "{{#if x}}{{> a.hbs}}{{/if}}"),
        ])
        .unwrap_err();
        assert_eq!(names, "a.hbs, b.hbs");
        assert!(
            message.contains("a.hbs includes b.hbs includes a.hbs"),
            "{message}"
        );
        let inline = "{{#*inline \"p\"}}{{> p}}{{/inline}}{{> p}}";
        assert!(check(&[("a.hbs", inline)]).is_err());
        assert!(check(&[("a.hbs", "{{> (lookup x)}}")]).is_err());
        assert!(check(&[("a.hbs", "{{> b.hbs}}"), ("b.hbs", "text")]).is_ok());
    }

    #[test]
    fn bounds_nesting_before_parsing() {
        assert!(check_text(&"{{#if a}}".repeat(100)).is_err());
        assert!(check_text(&format!("{{{{x {}}}}}", "(".repeat(50))).is_err());
        assert!(check_text("{{#if a}}{{/if}}".repeat(1000).as_str()).is_ok());
        let loops =
            "{{#each a}}{{#each a}}{{#each a}}{{#each a}}x{{/each}}{{/each}}{{/each}}{{/each}}";
        assert!(check(&[("a.hbs", loops)]).is_err());
        // Loops multiply through partials too.
        let two = "{{#each a}}{{#each a}}{{> b.hbs}}{{/each}}{{/each}}";
        let more = "{{#each a}}{{#each a}}x{{/each}}{{/each}}";
        assert!(check(&[("a.hbs", two), ("b.hbs", more)]).is_err());
        let chain: String = (0..20)
            .map(|i| {
                format!(
                    "{{{{#*inline \"p{i}\"}}}}{{{{> p{}}}}}{{{{/inline}}}}",
                    i + 1
                )
            })
            .collect();
        assert!(check(&[("a.hbs", &chain)]).is_err());
        assert!(check(&[("a.hbs", "{{{x}}}")]).is_err());
    }
}
