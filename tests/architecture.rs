//! The shape of the crate, checked on its source: no function over 100 lines, no import circle
//! between files (a `mod.rs` and its own children excepted), and no money arithmetic under
//! `src/render/` (renderers lay out what the models computed).

use proc_macro2::Span;
use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};
use syn::visit::{self, Visit};

const MAX_FUNCTION_LINES: usize = 100;

fn source_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let mut entries: Vec<_> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for path in entries {
        if path.is_dir() {
            source_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn crate_sources() -> Vec<(String, syn::File)> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    source_files(&src, &mut files);
    files
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).unwrap();
            let relative = path
                .strip_prefix(&src)
                .unwrap()
                .to_string_lossy()
                .into_owned();
            let file = syn::parse_file(&text).unwrap_or_else(|e| panic!("{relative}: {e}"));
            (relative.replace('\\', "/"), file)
        })
        .collect()
}

fn is_cfg_test(attrs: &[syn::Attribute]) -> bool {
    attrs.iter().any(|a| {
        a.path().is_ident("cfg")
            && a.parse_args::<syn::Meta>()
                .is_ok_and(|m| m.path().is_ident("test"))
    })
}

fn lines(span: Span) -> usize {
    span.end().line - span.start().line + 1
}

/// Functions longer than the limit, outside test code: (name, lines).
fn long_functions(file: &syn::File) -> Vec<(String, usize)> {
    struct Long(Vec<(String, usize)>);
    impl<'a> Visit<'a> for Long {
        fn visit_item_mod(&mut self, m: &'a syn::ItemMod) {
            if !is_cfg_test(&m.attrs) {
                visit::visit_item_mod(self, m);
            }
        }
        fn visit_item_fn(&mut self, f: &'a syn::ItemFn) {
            let n = lines(syn::spanned::Spanned::span(f));
            if n > MAX_FUNCTION_LINES {
                self.0.push((f.sig.ident.to_string(), n));
            }
            visit::visit_item_fn(self, f);
        }
        fn visit_impl_item_fn(&mut self, f: &'a syn::ImplItemFn) {
            let n = lines(syn::spanned::Spanned::span(f));
            if n > MAX_FUNCTION_LINES {
                self.0.push((f.sig.ident.to_string(), n));
            }
            visit::visit_impl_item_fn(self, f);
        }
    }
    let mut long = Long(Vec::new());
    long.visit_file(file);
    long.0
}

#[test]
fn no_function_is_longer_than_a_hundred_lines() {
    let mut found = Vec::new();
    for (path, file) in crate_sources() {
        for (name, n) in long_functions(&file) {
            found.push(format!("{path}: {name} is {n} lines"));
        }
    }
    assert!(found.is_empty(), "split these:\n{}", found.join("\n"));
}

/// A source file's module path: `render/docx/kit.rs` → [render, docx, kit]; `mod.rs` and
/// `lib.rs` name their folder.
fn module_of(path: &str) -> Vec<String> {
    let mut parts: Vec<String> = path
        .trim_end_matches(".rs")
        .split('/')
        .map(str::to_string)
        .collect();
    if matches!(
        parts.last().map(String::as_str),
        Some("mod" | "lib" | "main")
    ) {
        parts.pop();
    }
    parts
}

/// Every module path (as `crate::...` segments) a file refers to outside its test code.
fn references(module: &[String], file: &syn::File) -> BTreeSet<Vec<String>> {
    struct Refs<'m> {
        /// The module the code being visited is in (the file's, plus inline modules).
        here: Vec<String>,
        file_module: &'m [String],
        found: BTreeSet<Vec<String>>,
    }
    impl Refs<'_> {
        fn resolve(&mut self, segments: &[String]) {
            let mut path: Vec<String> = Vec::new();
            let mut rest = segments;
            match segments.first().map(String::as_str) {
                Some("crate") => rest = &segments[1..],
                Some("super") | Some("self") => {
                    path = self.here.clone();
                    while let Some(first) = rest.first() {
                        match first.as_str() {
                            "super" => {
                                path.pop();
                            }
                            "self" => {}
                            _ => break,
                        }
                        rest = &rest[1..];
                    }
                }
                _ => return,
            }
            path.extend(rest.iter().cloned());
            if path != self.file_module {
                self.found.insert(path);
            }
        }
    }
    fn use_paths(tree: &syn::UseTree, prefix: Vec<String>, out: &mut Vec<Vec<String>>) {
        match tree {
            syn::UseTree::Path(p) => {
                let mut next = prefix;
                next.push(p.ident.to_string());
                use_paths(&p.tree, next, out);
            }
            syn::UseTree::Name(n) => {
                let mut path = prefix;
                path.push(n.ident.to_string());
                out.push(path);
            }
            syn::UseTree::Rename(r) => {
                let mut path = prefix;
                path.push(r.ident.to_string());
                out.push(path);
            }
            syn::UseTree::Glob(_) => out.push(prefix),
            syn::UseTree::Group(g) => {
                for item in &g.items {
                    use_paths(item, prefix.clone(), out);
                }
            }
        }
    }
    impl<'a> Visit<'a> for Refs<'_> {
        fn visit_item_mod(&mut self, m: &'a syn::ItemMod) {
            if is_cfg_test(&m.attrs) || m.content.is_none() {
                return;
            }
            self.here.push(m.ident.to_string());
            visit::visit_item_mod(self, m);
            self.here.pop();
        }
        fn visit_item_use(&mut self, u: &'a syn::ItemUse) {
            let mut paths = Vec::new();
            use_paths(&u.tree, Vec::new(), &mut paths);
            for path in paths {
                self.resolve(&path);
            }
        }
        fn visit_path(&mut self, p: &'a syn::Path) {
            let segments: Vec<String> = p.segments.iter().map(|s| s.ident.to_string()).collect();
            self.resolve(&segments);
            visit::visit_path(self, p);
        }
    }
    let mut refs = Refs {
        here: module.to_vec(),
        file_module: module,
        found: BTreeSet::new(),
    };
    refs.visit_file(file);
    refs.found
}

/// Import circles between files: each as the files around it.
fn import_circles(files: &[(String, syn::File)]) -> Vec<Vec<String>> {
    let modules: BTreeMap<Vec<String>, String> = files
        .iter()
        .map(|(path, _)| (module_of(path), path.clone()))
        .collect();
    // The file a referenced path lives in: its longest prefix that is a module.
    let file_of = |path: &[String]| {
        (0..=path.len())
            .rev()
            .find_map(|n| modules.get(&path[..n]).cloned())
    };
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for (path, file) in files {
        let module = module_of(path);
        for reference in references(&module, file) {
            let Some(target) = file_of(&reference) else {
                continue;
            };
            let target_module = module_of(&target);
            // A file may use its ancestors' mod.rs: a folder and its own children are one unit.
            let is_ancestor = module.starts_with(&target_module);
            if target != *path && !is_ancestor {
                edges.entry(path.clone()).or_default().insert(target);
            }
        }
    }
    // Depth-first search for back edges.
    let mut circles = Vec::new();
    let mut done: BTreeSet<String> = BTreeSet::new();
    fn walk(
        node: &str,
        edges: &BTreeMap<String, BTreeSet<String>>,
        stack: &mut Vec<String>,
        done: &mut BTreeSet<String>,
        circles: &mut Vec<Vec<String>>,
    ) {
        if let Some(at) = stack.iter().position(|n| n == node) {
            circles.push(stack[at..].to_vec());
            return;
        }
        if done.contains(node) {
            return;
        }
        stack.push(node.to_string());
        for next in edges.get(node).into_iter().flatten() {
            walk(next, edges, stack, done, circles);
        }
        stack.pop();
        done.insert(node.to_string());
    }
    for (path, _) in files {
        walk(path, &edges, &mut Vec::new(), &mut done, &mut circles);
    }
    circles
}

#[test]
fn no_file_imports_one_that_imports_it_back() {
    let circles = import_circles(&crate_sources());
    let shown: Vec<String> = circles.iter().map(|c| c.join(" -> ")).collect();
    assert!(shown.is_empty(), "import circles:\n{}", shown.join("\n"));
}

#[test]
fn the_circle_check_finds_a_circle() {
    let parse = |text: &str| syn::parse_file(text).unwrap();
    let files = vec![
        ("a.rs".to_string(), parse("use crate::b::thing; fn f() {}")),
        ("b.rs".to_string(), parse("fn g() { crate::a::f(); }")),
        ("c/mod.rs".to_string(), parse("use self::d::x;")),
        ("c/d.rs".to_string(), parse("use super::y;")),
    ];
    let circles = import_circles(&files);
    assert_eq!(circles, vec![vec!["a.rs".to_string(), "b.rs".to_string()]]);
}

/// The names of money and quantity fields: every struct field of type `Decimal` (or an Option
/// of one) in the models, outside `render/`.
fn money_fields(files: &[(String, syn::File)]) -> BTreeSet<String> {
    struct Fields(BTreeSet<String>);
    impl<'a> Visit<'a> for Fields {
        fn visit_field(&mut self, f: &'a syn::Field) {
            let ty = quote_type(&f.ty);
            if (ty == "Decimal" || ty == "Option<Decimal>")
                && let Some(name) = &f.ident
            {
                self.0.insert(name.to_string());
            }
        }
    }
    let mut fields = Fields(BTreeSet::new());
    for (path, file) in files {
        if !path.starts_with("render/") {
            fields.visit_file(file);
        }
    }
    fields.0
}

fn quote_type(ty: &syn::Type) -> String {
    use quote_like::ToText;
    ty.to_text()
}

/// Just enough of a type printer for field types (`Decimal`, `Option<Decimal>`).
mod quote_like {
    pub trait ToText {
        fn to_text(&self) -> String;
    }
    impl ToText for syn::Type {
        fn to_text(&self) -> String {
            match self {
                syn::Type::Path(p) => {
                    let last = p.path.segments.last().unwrap();
                    match &last.arguments {
                        syn::PathArguments::AngleBracketed(args) => {
                            let inner: Vec<String> = args
                                .args
                                .iter()
                                .filter_map(|a| match a {
                                    syn::GenericArgument::Type(t) => Some(t.to_text()),
                                    _ => None,
                                })
                                .collect();
                            format!("{}<{}>", last.ident, inner.join(","))
                        }
                        _ => last.ident.to_string(),
                    }
                }
                _ => String::new(),
            }
        }
    }
}

/// Arithmetic in `file` on any of `money` (a field access by that name in an operand of `+`,
/// `-`, `*`, `/`, `%` or their assignments, or an iterator `sum`/`product`/`fold` over one), and
/// any `Decimal::` arithmetic constant: (line, what).
fn money_arithmetic(file: &syn::File, money: &BTreeSet<String>) -> Vec<(usize, String)> {
    struct Finder<'m> {
        money: &'m BTreeSet<String>,
        found: Vec<(usize, String)>,
    }
    struct Mentions<'m> {
        money: &'m BTreeSet<String>,
        hit: Option<String>,
    }
    impl<'a> Visit<'a> for Mentions<'_> {
        fn visit_expr_field(&mut self, f: &'a syn::ExprField) {
            if let syn::Member::Named(name) = &f.member
                && self.money.contains(&name.to_string())
            {
                self.hit = Some(name.to_string());
            }
            visit::visit_expr_field(self, f);
        }
    }
    impl Finder<'_> {
        fn mentions(&self, expr: &syn::Expr) -> Option<String> {
            let mut m = Mentions {
                money: self.money,
                hit: None,
            };
            m.visit_expr(expr);
            m.hit
        }
    }
    impl<'a> Visit<'a> for Finder<'_> {
        fn visit_item_mod(&mut self, m: &'a syn::ItemMod) {
            if !is_cfg_test(&m.attrs) {
                visit::visit_item_mod(self, m);
            }
        }
        fn visit_expr_binary(&mut self, b: &'a syn::ExprBinary) {
            use syn::BinOp::*;
            let arithmetic = matches!(
                b.op,
                Add(_)
                    | Sub(_)
                    | Mul(_)
                    | Div(_)
                    | Rem(_)
                    | AddAssign(_)
                    | SubAssign(_)
                    | MulAssign(_)
                    | DivAssign(_)
                    | RemAssign(_)
            );
            if arithmetic {
                let hit = self.mentions(&b.left).or_else(|| self.mentions(&b.right));
                if let Some(name) = hit {
                    let line = syn::spanned::Spanned::span(b).start().line;
                    self.found.push((line, format!("arithmetic on `{name}`")));
                }
            }
            visit::visit_expr_binary(self, b);
        }
        fn visit_expr_unary(&mut self, u: &'a syn::ExprUnary) {
            if matches!(u.op, syn::UnOp::Neg(_))
                && let Some(name) = self.mentions(&u.expr)
            {
                let line = syn::spanned::Spanned::span(u).start().line;
                self.found.push((line, format!("negation of `{name}`")));
            }
            visit::visit_expr_unary(self, u);
        }
        fn visit_expr_method_call(&mut self, c: &'a syn::ExprMethodCall) {
            let method = c.method.to_string();
            let aggregate = matches!(
                method.as_str(),
                "sum" | "product" | "fold" | "checked_add" | "checked_sub" | "checked_mul"
            );
            if aggregate {
                let hit = self
                    .mentions(&c.receiver)
                    .or_else(|| c.args.iter().find_map(|a| self.mentions(a)));
                if let Some(name) = hit {
                    let line = syn::spanned::Spanned::span(c).start().line;
                    self.found.push((line, format!("`{method}` over `{name}`")));
                }
            }
            visit::visit_expr_method_call(self, c);
        }
        fn visit_path(&mut self, p: &'a syn::Path) {
            let text: Vec<String> = p.segments.iter().map(|s| s.ident.to_string()).collect();
            if text.first().is_some_and(|s| s == "Decimal") && text.len() > 1 {
                let line = syn::spanned::Spanned::span(p).start().line;
                self.found.push((line, format!("`{}`", text.join("::"))));
            }
            visit::visit_path(self, p);
        }
    }
    let mut finder = Finder {
        money,
        found: Vec::new(),
    };
    finder.visit_file(file);
    finder.found
}

#[test]
fn renderers_do_no_money_arithmetic() {
    let files = crate_sources();
    let money = money_fields(&files);
    for name in [
        "total",
        "material",
        "labor",
        "qty",
        "grand_total",
        "cost_delta",
    ] {
        assert!(
            money.contains(name),
            "the models' money fields include {name}"
        );
    }
    let mut found = Vec::new();
    for (path, file) in files.iter().filter(|(p, _)| p.starts_with("render/")) {
        for (line, what) in money_arithmetic(file, &money) {
            found.push(format!("src/{path}:{line}: {what}"));
        }
    }
    assert!(
        found.is_empty(),
        "render/ computes money; compute it in the model instead:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_money_check_finds_arithmetic() {
    let money: BTreeSet<String> = ["total", "qty"].into_iter().map(String::from).collect();
    let file = syn::parse_file(
        "fn f(a: &L, b: &L) { let x = a.total + b.total; let n = rows.len() + 1; \
         let s: D = lines.iter().map(|l| l.qty).sum(); let z = Decimal::ZERO; let y = -a.total; }",
    )
    .unwrap();
    let found: Vec<String> = money_arithmetic(&file, &money)
        .into_iter()
        .map(|(_, what)| what)
        .collect();
    assert_eq!(
        found,
        [
            "arithmetic on `total`",
            "`sum` over `qty`",
            "`Decimal::ZERO`",
            "negation of `total`"
        ]
    );
}
