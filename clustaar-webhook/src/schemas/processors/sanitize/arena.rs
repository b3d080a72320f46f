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

    /// How many nodes the arena holds, in the tree or not.
    pub(super) fn len(&self) -> usize {
        self.nodes.len()
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
            // Each node has one place: more steps than nodes means the links loop (a bug).
            debug_assert!(moved <= self.nodes.len(), "the children's links loop");
        }
        moved
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The children of `node` as the links give them, at most 8: a link that loops makes the
    /// test fail instead of hang.
    fn children(arena: &Arena, node: usize) -> Vec<usize> {
        std::iter::successors(arena.first_child(node), |&child| arena.next_sibling(child))
            .take(8)
            .collect()
    }

    fn text(arena: &Arena, node: usize) -> Option<&str> {
        match arena.content(node) {
            Content::Text(text) => Some(text),
            Content::Element(..) => None,
        }
    }

    #[test]
    fn children_are_linked_in_order_and_end() {
        let mut arena = Arena::new(Name::Root);
        assert!(children(&arena, 0).is_empty());
        let (b, i, em) = (
            arena.element(Name::B, Vec::new()),
            arena.element(Name::I, Vec::new()),
            arena.element(Name::Em, Vec::new()),
        );
        for child in [b, i, em] {
            arena.append(0, child);
        }
        assert_eq!(children(&arena, 0), [b, i, em]);
        assert!(children(&arena, b).is_empty());
        assert_eq!(arena.name(i), Name::I);
    }

    #[test]
    fn a_detached_node_leaves_its_siblings_linked() {
        let mut arena = Arena::new(Name::Root);
        let nodes: Vec<usize> = (0..4)
            .map(|_| arena.element(Name::Li, Vec::new()))
            .collect();
        for &node in &nodes {
            arena.append(0, node);
        }
        arena.detach(nodes[1]);
        assert_eq!(children(&arena, 0), [nodes[0], nodes[2], nodes[3]]);
        arena.detach(nodes[3]);
        arena.detach(nodes[0]);
        assert_eq!(children(&arena, 0), [nodes[2]]);
        // Detaching a node out of the tree changes nothing; appending after a detach links at
        // the end again.
        arena.detach(nodes[0]);
        arena.append(0, nodes[0]);
        assert_eq!(children(&arena, 0), [nodes[2], nodes[0]]);
        arena.detach(nodes[2]);
        arena.detach(nodes[0]);
        assert!(children(&arena, 0).is_empty());
    }

    #[test]
    fn text_joins_the_last_text_child_only() {
        let mut arena = Arena::new(Name::Root);
        arena.append_text(0, "a");
        arena.append_text(0, "b");
        let br = arena.element(Name::Br, Vec::new());
        arena.append(0, br);
        arena.append_text(0, "c");
        let nodes = children(&arena, 0);
        assert_eq!(nodes.len(), 3);
        assert_eq!(text(&arena, nodes[0]), Some("ab"));
        assert_eq!(text(&arena, nodes[1]), None);
        assert_eq!(text(&arena, nodes[2]), Some("c"));
        assert!(arena.attributes(nodes[2]).is_empty());
    }

    #[test]
    fn attributes_belong_to_their_element() {
        let mut arena = Arena::new(Name::Root);
        let plain = arena.element(Name::B, Vec::new());
        let link = arena.element(
            Name::A,
            vec![(String::from("href"), String::from("https://a.b/"))],
        );
        arena.append_text(0, "text");
        assert!(arena.attributes(plain).is_empty());
        assert_eq!(
            arena.attributes(link),
            [(String::from("href"), String::from("https://a.b/"))]
        );
        assert!(matches!(
            arena.content(link),
            Content::Element(Name::A, [_])
        ));
    }

    #[test]
    fn moved_children_belong_to_their_new_parent() {
        let mut arena = Arena::new(Name::Root);
        let (from, to) = (
            arena.element(Name::B, Vec::new()),
            arena.element(Name::I, Vec::new()),
        );
        arena.append(0, from);
        let kids: Vec<usize> = (0..3)
            .map(|_| arena.element(Name::Em, Vec::new()))
            .collect();
        for &kid in &kids {
            arena.append(from, kid);
        }
        assert_eq!(arena.move_children(from, to), 3);
        assert!(children(&arena, from).is_empty());
        assert_eq!(children(&arena, to), kids);
        // Their parent link moved too: detaching one unlinks it from `to`.
        arena.detach(kids[2]);
        assert_eq!(children(&arena, to), kids[..2]);
        arena.append(to, kids[2]);
        assert_eq!(children(&arena, to), kids);
    }
}
