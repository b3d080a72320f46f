//! The nodes of the tree in one vector, linked by index (parent, first and last child,
//! siblings): a node takes 28 bytes and no allocation of its own (a deeply nested input makes
//! one node per few bytes), and detaching a node or moving all of a node's children costs no
//! walk along its siblings.

use super::names::{Attributes, Name};

/// The end of a chain of links.
const NONE: u32 = u32::MAX;

#[derive(Debug)]
struct Node {
    name: Name,
    /// Whether this is a text node (its `data` indexes the texts, not the attributes).
    is_text: bool,
    parent: u32,
    first_child: u32,
    last_child: u32,
    previous: u32,
    next: u32,
    /// The node's attributes or text, as an index; `NONE` for an element without attributes.
    data: u32,
}

/// What a node holds.
#[derive(Debug)]
pub(super) enum Content<'a> {
    Element(Name, &'a [(String, String)]),
    Text(&'a str),
}

/// The nodes of one tree; node 0 is its root.
#[derive(Debug)]
pub(super) struct Arena {
    nodes: Vec<Node>,
    attributes: Vec<Attributes>,
    texts: Vec<String>,
}

/// A vector's next index as a link. The arena holds fewer nodes than the input has bytes, and
/// the input is far below 4 GiB (the body limit).
fn link(index: usize) -> u32 {
    u32::try_from(index).expect("fewer nodes than 2^32")
}

fn index(link: u32) -> Option<usize> {
    (link != NONE).then_some(link as usize)
}

impl Arena {
    /// An arena holding only the root, named `root`.
    pub(super) fn new(root: Name) -> Self {
        let mut arena = Arena {
            nodes: Vec::new(),
            attributes: Vec::new(),
            texts: Vec::new(),
        };
        arena.push(root, false, NONE);
        arena
    }

    fn push(&mut self, name: Name, is_text: bool, data: u32) -> usize {
        self.nodes.push(Node {
            name,
            is_text,
            parent: NONE,
            first_child: NONE,
            last_child: NONE,
            previous: NONE,
            next: NONE,
            data,
        });
        self.nodes.len() - 1
    }

    /// A new element, not in the tree yet.
    pub(super) fn element(&mut self, name: Name, attributes: Attributes) -> usize {
        let data = if attributes.is_empty() {
            NONE
        } else {
            self.attributes.push(attributes);
            link(self.attributes.len() - 1)
        };
        self.push(name, false, data)
    }

    pub(super) fn name(&self, node: usize) -> Name {
        self.nodes[node].name
    }

    /// An element's attributes (none for a text node).
    pub(super) fn attributes(&self, node: usize) -> &[(String, String)] {
        let node = &self.nodes[node];
        match index(node.data) {
            Some(at) if !node.is_text => &self.attributes[at],
            _ => &[],
        }
    }

    pub(super) fn content(&self, node: usize) -> Content<'_> {
        let data = &self.nodes[node];
        match index(data.data) {
            Some(at) if data.is_text => Content::Text(&self.texts[at]),
            _ => Content::Element(data.name, self.attributes(node)),
        }
    }

    pub(super) fn first_child(&self, node: usize) -> Option<usize> {
        index(self.nodes[node].first_child)
    }

    pub(super) fn next_sibling(&self, node: usize) -> Option<usize> {
        index(self.nodes[node].next)
    }

    /// Makes `child` (not in the tree) the last child of `parent`.
    pub(super) fn append(&mut self, parent: usize, child: usize) {
        let last = self.nodes[parent].last_child;
        match index(last) {
            Some(last) => self.nodes[last].next = link(child),
            None => self.nodes[parent].first_child = link(child),
        }
        self.nodes[parent].last_child = link(child);
        let node = &mut self.nodes[child];
        node.parent = link(parent);
        node.previous = last;
        node.next = NONE;
    }

    /// Takes `node` out of its parent's children, if it has a parent.
    pub(super) fn detach(&mut self, node: usize) {
        let Node {
            parent,
            previous,
            next,
            ..
        } = self.nodes[node];
        let Some(parent) = index(parent) else {
            return;
        };
        match index(previous) {
            Some(previous) => self.nodes[previous].next = next,
            None => self.nodes[parent].first_child = next,
        }
        match index(next) {
            Some(next) => self.nodes[next].previous = previous,
            None => self.nodes[parent].last_child = previous,
        }
        let node = &mut self.nodes[node];
        node.parent = NONE;
        node.previous = NONE;
        node.next = NONE;
    }

    /// Adds `text` at the end of `parent`: to its last child when that is text.
    pub(super) fn append_text(&mut self, parent: usize, text: &str) {
        if let Some(last) = index(self.nodes[parent].last_child) {
            if self.nodes[last].is_text {
                self.texts[self.nodes[last].data as usize].push_str(text);
                return;
            }
        }
        self.texts.push(text.to_owned());
        let node = self.push(Name::Root, true, link(self.texts.len() - 1));
        self.append(parent, node);
    }

    /// Moves every child of `from` to `to`, which has none; returns how many there were.
    pub(super) fn move_children(&mut self, from: usize, to: usize) -> usize {
        let (first, last) = (self.nodes[from].first_child, self.nodes[from].last_child);
        self.nodes[from].first_child = NONE;
        self.nodes[from].last_child = NONE;
        self.nodes[to].first_child = first;
        self.nodes[to].last_child = last;
        let mut moved = 0;
        let mut child = index(first);
        while let Some(node) = child {
            self.nodes[node].parent = link(to);
            child = index(self.nodes[node].next);
            moved += 1;
        }
        moved
    }
}
