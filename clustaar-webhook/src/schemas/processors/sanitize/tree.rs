//! The tree of the allowed tags, built by the HTML5 rules of the "in body" insertion mode (the
//! subset these tags reach), as the reference's parser (html5lib) builds it.
//!
//! Every walk along the stack of open elements or the list of active formatting elements, and
//! every attribute copied, draws on a budget proportional to the input, so that no input makes
//! the building quadratic; past the budget the caller writes the whole input as text.

use std::cell::Cell;

use super::arena::Arena;
use super::names::{Attributes, Event, Name};

/// The fragment being built: nodes in an arena, the stack of open elements and the list of
/// active formatting elements (which never holds a marker: none of the allowed tags sets one).
#[derive(Debug)]
pub(super) struct Tree {
    nodes: Arena,
    open: Vec<usize>,
    formatting: Vec<usize>,
    /// Steps left for the walks along the stack and the list, so that a pathological input
    /// cannot take quadratic time; past it the whole input is written as text.
    budget: Cell<usize>,
}

impl Tree {
    pub(super) fn new(input_len: usize) -> Self {
        Tree {
            nodes: Arena::new(Name::Root),
            open: vec![0],
            formatting: Vec::new(),
            budget: Cell::new(100_000 + 16 * input_len),
        }
    }

    /// Counts one step of a walk.
    fn step(&self) {
        self.steps(1);
    }

    /// Counts `n` steps of work.
    fn steps(&self, n: usize) {
        self.budget.set(self.budget.get().saturating_sub(n));
    }

    /// The nodes, to write them out.
    pub(super) fn nodes(&self) -> &Arena {
        &self.nodes
    }

    /// Copies `node`'s attributes, counting the bytes copied.
    fn copy_attributes(&self, node: usize) -> Attributes {
        let attributes = self.nodes.attributes(node);
        self.steps(attributes_size(attributes));
        attributes.to_vec()
    }

    fn name(&self, node: usize) -> Name {
        self.nodes.name(node)
    }

    fn current(&self) -> usize {
        *self.open.last().expect("the root is never popped")
    }

    fn is_open(&self, node: usize) -> bool {
        self.open.iter().rev().any(|&open| {
            self.step();
            open == node
        })
    }

    /// Takes one event; `None` once the budget is spent.
    pub(super) fn process(&mut self, event: Event) -> Option<()> {
        self.step();
        match event {
            Event::Text(text) => {
                self.reconstruct_formatting();
                self.insert_text(&text);
            }
            Event::Start(name, attributes) => self.start(name, attributes),
            Event::End(Name::Br) => self.start(Name::Br, Vec::new()),
            Event::End(name) => self.end(name),
        }
        (self.budget.get() > 0).then_some(())
    }

    fn start(&mut self, name: Name, attributes: Attributes) {
        match name {
            Name::A => {
                if let Some(previous) = self.formatting_element(Name::A) {
                    self.adoption_agency(Name::A);
                    self.steps(self.open.len() + self.formatting.len());
                    self.open.retain(|&node| node != previous);
                    self.formatting.retain(|&node| node != previous);
                }
                self.reconstruct_formatting();
                self.add_formatting(name, attributes);
            }
            Name::B | Name::Code | Name::Em | Name::I | Name::Strong => {
                self.reconstruct_formatting();
                self.add_formatting(name, attributes);
            }
            Name::Blockquote | Name::Ol | Name::Ul => {
                self.insert(name, attributes);
            }
            Name::Li => {
                for index in (0..self.open.len()).rev() {
                    self.step();
                    let node_name = self.name(self.open[index]);
                    if node_name == Name::Li {
                        self.end(Name::Li);
                        break;
                    }
                    if node_name.is_special() {
                        break;
                    }
                }
                self.insert(name, attributes);
            }
            Name::Br => {
                self.reconstruct_formatting();
                self.insert(name, attributes);
                self.open.pop();
            }
            Name::Abbr | Name::Acronym => {
                self.reconstruct_formatting();
                self.insert(name, attributes);
            }
            Name::Root => {}
        }
    }

    fn end(&mut self, name: Name) {
        match name {
            Name::Blockquote | Name::Ol | Name::Ul => {
                // Popping up to the element closes the list items inside it: the implied end
                // tags of the standard (of the allowed tags, only `li` has one) need no step.
                if self.in_scope(name, false) {
                    self.pop_until(name);
                }
            }
            Name::Li => {
                if self.in_scope(Name::Li, true) {
                    self.pop_until(Name::Li);
                }
            }
            name if name.is_formatting() => self.adoption_agency(name),
            _ => self.end_other(name),
        }
    }

    /// "Any other end tag": closes the innermost element of that name unless a special
    /// element is open inside it.
    fn end_other(&mut self, name: Name) {
        for index in (0..self.open.len()).rev() {
            self.step();
            let node = self.open[index];
            if self.name(node) == name {
                self.open.truncate(index);
                return;
            }
            if self.name(node).is_special() {
                return;
            }
        }
    }

    fn pop_until(&mut self, name: Name) {
        while let Some(node) = self.open.pop() {
            if self.name(node) == name {
                break;
            }
        }
    }

    /// Whether an element named `name` is open without a scope boundary (the root; in list
    /// item scope also `ol` and `ul`) inside it.
    fn in_scope(&self, name: Name, list_item: bool) -> bool {
        for &node in self.open.iter().rev() {
            self.step();
            let node_name = self.name(node);
            if node_name == name {
                return true;
            }
            if node_name == Name::Root || (list_item && matches!(node_name, Name::Ol | Name::Ul)) {
                return false;
            }
        }
        false
    }

    fn formatting_element(&self, name: Name) -> Option<usize> {
        self.formatting.iter().rev().copied().find(|&node| {
            self.step();
            self.name(node) == name
        })
    }

    fn insert(&mut self, name: Name, attributes: Attributes) -> usize {
        let node = self.nodes.element(name, attributes);
        let parent = self.current();
        self.nodes.append(parent, node);
        self.open.push(node);
        node
    }

    fn insert_text(&mut self, text: &str) {
        let parent = self.current();
        self.nodes.append_text(parent, text);
    }

    fn clone_node(&mut self, node: usize) -> usize {
        let name = self.name(node);
        let attributes = self.copy_attributes(node);
        self.nodes.element(name, attributes)
    }

    /// Inserts a formatting element and lists it, keeping at most three equal ones listed.
    fn add_formatting(&mut self, name: Name, attributes: Attributes) {
        let node = self.insert(name, attributes);
        let size = attributes_size(self.nodes.attributes(node));
        let mut equal = self.formatting.iter().copied().filter(|&other| {
            self.steps(1 + size);
            self.name(other) == name && self.nodes.attributes(other) == self.nodes.attributes(node)
        });
        let earliest = equal.next();
        if equal.count() >= 2 {
            self.formatting.retain(|&other| Some(other) != earliest);
        }
        self.formatting.push(node);
    }

    /// Reopens the listed formatting elements that were closed (`<b><i>x</b>y` → `y` in an `i`).
    fn reconstruct_formatting(&mut self) {
        // From the end of the list back to the last element still open.
        let mut index = self.formatting.len();
        while index > 0 && !self.is_open(self.formatting[index - 1]) {
            index -= 1;
        }
        for index in index..self.formatting.len() {
            let entry = self.formatting[index];
            let name = self.name(entry);
            let attributes = self.copy_attributes(entry);
            let node = self.insert(name, attributes);
            self.formatting[index] = node;
        }
    }

    /// The adoption agency algorithm, as the reference's parser (html5lib) runs it.
    fn adoption_agency(&mut self, name: Name) {
        for _ in 0..8 {
            // The positions looked up below each walk the stack or the list once.
            for _ in 0..self.open.len() + self.formatting.len() {
                self.step();
            }
            let Some(element) = self.formatting_element(name) else {
                self.end_other(name);
                return;
            };
            let Some(element_index) = self.open.iter().position(|&node| node == element) else {
                self.formatting.retain(|&node| node != element);
                return;
            };
            if !self.in_scope(name, false) {
                self.end_other(name);
                return;
            }
            let furthest = self.open[element_index..]
                .iter()
                .copied()
                .find(|&node| self.name(node).is_special());
            let Some(furthest) = furthest else {
                self.open.truncate(element_index);
                self.formatting.retain(|&node| node != element);
                return;
            };
            let common_ancestor = self.open[element_index - 1];
            let mut bookmark = self.position_in_formatting(element);
            let mut last = furthest;
            let mut index = self
                .open
                .iter()
                .position(|&node| node == furthest)
                .expect("the furthest block is open");
            for _ in 0..3 {
                index -= 1;
                let mut node = self.open[index];
                if !self.formatting.contains(&node) {
                    self.open.remove(index);
                    continue;
                }
                if node == element {
                    break;
                }
                if last == furthest {
                    bookmark = self.position_in_formatting(node) + 1;
                }
                let clone = self.clone_node(node);
                let at = self.position_in_formatting(node);
                self.formatting[at] = clone;
                self.open[index] = clone;
                node = clone;
                self.nodes.detach(last);
                self.nodes.append(node, last);
                last = node;
            }
            self.nodes.detach(last);
            self.nodes.append(common_ancestor, last);
            let clone = self.clone_node(element);
            let moved = self.nodes.move_children(furthest, clone);
            self.steps(moved);
            self.nodes.append(furthest, clone);
            self.formatting.retain(|&node| node != element);
            let bookmark = bookmark.min(self.formatting.len());
            self.formatting.insert(bookmark, clone);
            self.open.retain(|&node| node != element);
            let furthest_index = self
                .open
                .iter()
                .position(|&node| node == furthest)
                .expect("the furthest block is open");
            self.open.insert(furthest_index + 1, clone);
        }
    }

    fn position_in_formatting(&self, node: usize) -> usize {
        self.formatting
            .iter()
            .position(|&other| other == node)
            .expect("the node is a listed formatting element")
    }
}

/// How much work copying or comparing `attributes` is: their bytes, and one per attribute.
fn attributes_size(attributes: &[(String, String)]) -> usize {
    attributes
        .iter()
        .map(|(name, value)| 1 + name.len() + value.len())
        .sum()
}

#[cfg(test)]
mod tests {
    //! Each rule of the tree builder on inputs made to reach it, against the platform's cleaner
    //! (bleach 5.0.1 over html5lib), whose outputs these are.

    use super::{Tree, attributes_size};
    use crate::schemas::processors::sanitize::html_sanitize;
    use crate::schemas::processors::sanitize::tests::assert_cleans;
    use crate::schemas::processors::sanitize::tokenizer::tokenize;

    #[test]
    fn an_anchor_inside_an_anchor_closes_it() {
        assert_cleans(&[
            // The first anchor leaves the list, the bold around it stays.
            ("<b><a>x<a>y</b>z", "<b><a>x</a><a>y</a></b><a>z</a>"),
            // More formatting elements listed than open: their walks are counted right.
            (
                "<a><blockquote><b><i><em></blockquote><a>x",
                "<a><blockquote><b><i><em></em></i></b></blockquote></a><b><i><em><a>x</a></em></i></b>",
            ),
            (
                "<a>1<blockquote>2<a>3",
                "<a>1</a><blockquote><a>2</a><a>3</a></blockquote>",
            ),
            (
                "<b>1<a>2<blockquote>3<a>4",
                "<b>1<a>2</a><blockquote><a>3</a><a>4</a></blockquote></b>",
            ),
            (
                "<a href=x>1<blockquote>2<a href=y>3</a>4",
                r#"<a href="x">1</a><blockquote><a href="x">2</a><a href="y">3</a>4</blockquote>"#,
            ),
            (
                "<blockquote><a><b></blockquote><a>x",
                "<blockquote><a><b></b></a></blockquote><b><a>x</a></b>",
            ),
        ]);
    }

    #[test]
    fn lists_and_blockquotes_close_what_they_hold() {
        assert_cleans(&[
            (
                "<ul><li>a<blockquote>b</ul>c",
                "<ul><li>a<blockquote>b</blockquote></li></ul>c",
            ),
            (
                "<ul><li>a<blockquote><li>b</ul>c",
                "<ul><li>a<blockquote><li>b</li></blockquote></li></ul>c",
            ),
            (
                "<blockquote><li>a</blockquote>b",
                "<blockquote><li>a</li></blockquote>b",
            ),
            ("<ol><ul>a</ol>b", "<ol><ul>a</ul></ol>b"),
            // End tags with nothing of their name open are dropped.
            ("</ul>x</li>y</blockquote>z", "xyz"),
        ]);
    }

    #[test]
    fn list_items_close_within_their_list() {
        assert_cleans(&[
            ("<li>a<li>b<li>c", "<li>a</li><li>b</li><li>c</li>"),
            (
                "<li>a<ul><li>b</li></ul>c",
                "<li>a<ul><li>b</li></ul>c</li>",
            ),
            // A list between: the outer item is out of scope.
            ("<ul><li>a<ol>b</li>c", "<ul><li>a<ol>bc</ol></li></ul>"),
            ("<li>a<abbr>b</li>c", "<li>a<abbr>b</abbr></li>c"),
            // A blockquote inside does not stop it, unlike other end tags.
            (
                "<li>a<blockquote>b</li>c",
                "<li>a<blockquote>b</blockquote></li>c",
            ),
            (
                "<ul><li>a<blockquote>b</li>c</ul>d",
                "<ul><li>a<blockquote>b</blockquote></li>c</ul>d",
            ),
            (
                "<ul><li><b>1<li>2",
                "<ul><li><b>1</b></li><li><b>2</b></li></ul>",
            ),
            // A special element between: the new item goes inside it.
            (
                "<li><blockquote>1<li>2",
                "<li><blockquote>1<li>2</li></blockquote></li>",
            ),
            ("<li><abbr>1<li>2", "<li><abbr>1</abbr></li><li>2</li>"),
        ]);
    }

    #[test]
    fn other_end_tags_stop_at_a_special_element() {
        assert_cleans(&[
            (
                "<abbr>a<blockquote>b</abbr>c",
                "<abbr>a<blockquote>bc</blockquote></abbr>",
            ),
            (
                "<abbr>a<acronym>b</abbr>c",
                "<abbr>a<acronym>b</acronym></abbr>c",
            ),
            ("<abbr><li>x</abbr>y", "<abbr><li>xy</li></abbr>"),
            ("<abbr>a<li>b</abbr>c", "<abbr>a<li>bc</li></abbr>"),
            ("<b>1</i>2</b>3", "<b>12</b>3"),
            ("<b>1<br>2</br>3</b>", "<b>1<br>2<br>3</b>"),
        ]);
    }

    #[test]
    fn at_most_three_equal_formatting_elements_are_reopened() {
        assert_cleans(&[
            (
                "<blockquote><b><b><b></blockquote>x",
                "<blockquote><b><b><b></b></b></b></blockquote><b><b><b>x</b></b></b>",
            ),
            (
                "<blockquote><b><b><b><b></blockquote>x",
                "<blockquote><b><b><b><b></b></b></b></b></blockquote><b><b><b>x</b></b></b>",
            ),
            (
                "<blockquote><b title=1><b title=1><b title=1><b title=1></blockquote>x",
                "<blockquote><b><b><b><b></b></b></b></b></blockquote><b><b><b>x</b></b></b>",
            ),
            // Equal means the same name and the same attributes, even those dropped later.
            (
                "<blockquote><b><b title=1><b><b></blockquote>x",
                "<blockquote><b><b><b><b></b></b></b></b></blockquote><b><b><b><b>x</b></b></b></b>",
            ),
            (
                "<blockquote><b title=1><b title=2><b title=1><b title=1></blockquote>x",
                "<blockquote><b><b><b><b></b></b></b></b></blockquote><b><b><b><b>x</b></b></b></b>",
            ),
            (
                "<blockquote><b><b><i><b><b></blockquote>x",
                "<blockquote><b><b><i><b><b></b></b></i></b></b></blockquote><b><i><b><b>x</b></b></i></b>",
            ),
        ]);
    }

    #[test]
    fn closed_formatting_elements_are_reopened_from_the_first_closed_one() {
        assert_cleans(&[
            (
                "<blockquote><b><i></blockquote>x",
                "<blockquote><b><i></i></b></blockquote><b><i>x</i></b>",
            ),
            (
                "<b><blockquote><i><em></blockquote>x",
                "<b><blockquote><i><em></em></i></blockquote><i><em>x</em></i></b>",
            ),
            (
                "<b><i><blockquote><em></blockquote>x",
                "<b><i><blockquote><em></em></blockquote><em>x</em></i></b>",
            ),
            (
                "<blockquote><b><i></blockquote><abbr>x",
                "<blockquote><b><i></i></b></blockquote><b><i><abbr>x</abbr></i></b>",
            ),
            (
                "<blockquote><b><i></blockquote><br>x",
                "<blockquote><b><i></i></b></blockquote><b><i><br>x</i></b>",
            ),
            // Block elements do not reopen them; the text inside does.
            (
                "<blockquote><b><i></blockquote><li>x",
                "<blockquote><b><i></i></b></blockquote><li><b><i>x</i></b></li>",
            ),
            (
                "<blockquote><b><i></blockquote><ul>x",
                "<blockquote><b><i></i></b></blockquote><ul><b><i>x</i></b></ul>",
            ),
        ]);
    }

    #[test]
    fn misnested_formatting_is_repaired_by_the_adoption_agency() {
        assert_cleans(&[
            ("<b>1<i>2</b>3</i>4", "<b>1<i>2</i></b><i>3</i>4"),
            ("<code><b>1</code>2</b>3", "<code><b>1</b></code><b>2</b>3"),
            ("<b>x<b>y</b>z</b>w", "<b>x<b>y</b>z</b>w"),
            // A special element inside: it leaves the formatting element, taking a copy along.
            (
                "<b>1<blockquote>2</b>3</blockquote>4",
                "<b>1</b><blockquote><b>2</b>3</blockquote>4",
            ),
            (
                "<b title=x>1<blockquote>2</b>3",
                "<b>1</b><blockquote><b>2</b>3</blockquote>",
            ),
            (
                "<b><i>1<blockquote>2</b>3",
                "<b><i>1</i></b><i><blockquote><b>2</b>3</blockquote></i>",
            ),
            (
                "<b><i>1<blockquote>2</i>3",
                "<b><i>1</i><blockquote><i>2</i>3</blockquote></b>",
            ),
            (
                "<b>1<abbr>2<blockquote>3</b>4",
                "<b>1<abbr>2</abbr></b><blockquote><b>3</b>4</blockquote>",
            ),
            (
                "<b>1<abbr>2<i>3<blockquote>4</b>5",
                "<b>1<abbr>2<i>3</i></abbr></b><i><blockquote><b>4</b>5</blockquote></i>",
            ),
            (
                "<a>1<b>2<blockquote>3</a>4",
                "<a>1<b>2</b></a><b><blockquote><a>3</a>4</blockquote></b>",
            ),
            // The copy of the bold is listed after the copy of the italic nearest the block,
            // before the emphasis opened inside the block: reopened in that order.
            (
                "<b><i><blockquote><em>x</b>y</blockquote>z",
                "<b><i></i></b><i><blockquote><b><em>x</em></b><em>y</em></blockquote><em>z</em></i>",
            ),
            (
                "<b>1<i>2<em>3<blockquote>4</b>5",
                "<b>1<i>2<em>3</em></i></b><i><em><blockquote><b>4</b>5</blockquote></em></i>",
            ),
            (
                "<i>1<b>2<blockquote>3</i>4</b>5",
                "<i>1<b>2</b></i><b></b><blockquote><b><i>3</i>4</b>5</blockquote>",
            ),
            (
                "<b><i>1<ul><li>2</b>3</li>4</ul>5",
                "<b><i>1</i></b><i><ul><b></b><li><b>2</b>3</li>4</ul>5</i>",
            ),
            (
                "<em>1<blockquote>2<li>3</em>4",
                "<em>1</em><blockquote><em>2</em><li><em>3</em>4</li></blockquote>",
            ),
            (
                "<b><blockquote>1</b>2<i>3</blockquote>4",
                "<b></b><blockquote><b>1</b>2<i>3</i></blockquote><i>4</i>",
            ),
            (
                "<b>1<blockquote>2<i>3<blockquote>4</b>5</i>6",
                "<b>1</b><blockquote><b>2<i>3</i></b><i></i><blockquote><i><b>4</b>5</i>6</blockquote></blockquote>",
            ),
        ]);
    }

    #[test]
    fn the_adoption_agency_copies_at_most_three_elements_a_round() {
        assert_cleans(&[
            (
                "<b><i><em><strong><code><blockquote>x</b>y",
                "<b><i><em><strong><code></code></strong></em></i></b><em><strong><code><blockquote><b>x</b>y</blockquote></code></strong></em>",
            ),
            (
                "<b><i><em><strong><code><blockquote>x</code>y</b>z",
                "<b><i><em><strong><code></code></strong></em></i></b><i><em><strong><blockquote><b><code>x</code>y</b>z</blockquote></strong></em></i>",
            ),
            (
                "<strong><em><code><b><i><a><blockquote>x</strong>y",
                "<strong><em><code><b><i><a></a></i></b></code></em></strong><b><i><a><blockquote><strong>x</strong>y</blockquote></a></i></b>",
            ),
            (
                "<a><b><i><em><strong><code><blockquote>x</a>y",
                "<a><b><i><em><strong><code></code></strong></em></i></b></a><em><strong><code><blockquote><a>x</a>y</blockquote></code></strong></em>",
            ),
            (
                "<b>1<blockquote>2<b>3<blockquote>4</b>5",
                "<b>1<blockquote>2<b>3</b><blockquote><b>4</b>5</blockquote></blockquote></b>",
            ),
            (
                "<b><blockquote><b><blockquote><b><blockquote>x</b>y",
                "<b><blockquote><b><blockquote><b></b><blockquote><b>x</b>y</blockquote></blockquote></b></blockquote></b>",
            ),
        ]);
    }

    #[test]
    fn the_adoption_agency_stops_after_eight_rounds() {
        // Each round moves the bold one blockquote deeper; the eighth leaves it open.
        let nested = |depth| format!("<b>{}</b>y", "<blockquote>x".repeat(depth));
        let opened = "<blockquote><b>x</b>".repeat(7);
        let closed = "</blockquote>".repeat(7);
        assert_eq!(
            html_sanitize(nested(8)),
            format!("<b></b>{opened}<blockquote><b>xy</b></blockquote>{closed}")
        );
        assert_eq!(
            html_sanitize(nested(9)),
            format!(
                "<b></b>{opened}<blockquote><b>x<blockquote>xy</blockquote></b></blockquote>{closed}"
            )
        );
        // With an italic opened in each blockquote, the eighth copy of the bold stays listed,
        // after the copy of the italic nearest its block: the text after the blockquotes
        // reopens the italics, then the bold, then the italic listed after it.
        let italics: String = (0..9)
            .map(|n| format!("<blockquote><i title={n}>x"))
            .collect();
        let input = format!("<b>{italics}</b>y{}z", "</blockquote>".repeat(9));
        let inner = "<blockquote><b><i>x<blockquote><i>xy</i></blockquote></i></b></blockquote>";
        assert_eq!(
            html_sanitize(input),
            format!(
                "<b></b>{}{inner}{}{}<b><i>z</i></b>{}",
                "<blockquote><b><i>x</i></b><i>".repeat(7),
                "</i></blockquote>".repeat(7),
                "<i>".repeat(8),
                "</i>".repeat(8)
            )
        );
    }

    /// The steps the tree builder charges for `input`.
    fn spent(input: &str) -> usize {
        let mut tree = Tree::new(0);
        let budget = tree.budget.get();
        tokenize(input, |event| tree.process(event)).expect("within the budget");
        budget - tree.budget.get()
    }

    /// `n` bold tags, open and listed, no two alike (no three equal ones to drop from the list).
    fn bolds(n: usize) -> String {
        (0..n).map(|i| format!("<b title={i}>")).collect()
    }

    #[test]
    fn copying_attributes_costs_their_bytes_and_one_each() {
        let attributes = [
            ("title".to_owned(), "abc".to_owned()),
            ("a".into(), "".into()),
        ];
        assert_eq!(attributes_size(&attributes[..1]), 1 + 5 + 3);
        assert_eq!(attributes_size(&attributes), 1 + 5 + 3 + 1 + 1);
    }

    #[test]
    fn listing_a_formatting_element_costs_a_comparison_with_each_listed_one() {
        // Each comparison costs one step and the new element's attributes' size (`title=4`:
        // 1 + 5 + 1), so each bold listed before makes the next one cost 8 steps more.
        let cost = |n: usize| spent(&bolds(n + 1)) - spent(&bolds(n));
        assert_eq!(cost(5) - cost(4), 8);
        assert_eq!(cost(9) - cost(8), 8);
    }

    #[test]
    fn an_anchor_in_an_anchor_costs_walks_along_the_stack_and_the_list() {
        // With `k` bolds open and listed around them, each walk is one pass: the cost grows by
        // the same amount for every ten bolds more, whatever `k`.
        let cost = |k: usize| {
            let bolds = bolds(k);
            spent(&format!("{bolds}<a>x<a>")) - spent(&format!("{bolds}<a>x"))
        };
        let growth = cost(20) - cost(10);
        assert!(growth > 0);
        assert_eq!(cost(30) - cost(20), growth);
        assert_eq!(cost(40) - cost(30), growth);
    }

    #[test]
    fn an_end_tag_other_than_a_formatting_one_walks_only_as_far_as_its_element() {
        let cost = |k: usize| {
            let bolds = bolds(k);
            spent(&format!("{bolds}<abbr>x</abbr>")) - spent(&format!("{bolds}<abbr>x"))
        };
        assert_eq!(cost(0), cost(20));
    }
}
