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
                if self.in_scope(name, false) {
                    self.generate_implied_end_tags(None);
                    self.pop_until(name);
                }
            }
            Name::Li => {
                if self.in_scope(Name::Li, true) {
                    self.generate_implied_end_tags(Some(Name::Li));
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
                self.generate_implied_end_tags(Some(name));
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

    fn generate_implied_end_tags(&mut self, except: Option<Name>) {
        while self.name(self.current()) == Name::Li && except != Some(Name::Li) {
            self.open.pop();
        }
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
        let Some(&last) = self.formatting.last() else {
            return;
        };
        if self.is_open(last) {
            return;
        }
        let mut index = self.formatting.len() - 1;
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
