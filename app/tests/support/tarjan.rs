//! The strongly connected parts of a graph (Tarjan's algorithm): every
//! cycle of files using each other.

pub(crate) struct Tarjan<'a> {
    pub(crate) adjacency: &'a [Vec<usize>],
    pub(crate) index: Vec<Option<usize>>,
    pub(crate) low: Vec<usize>,
    pub(crate) on_stack: Vec<bool>,
    pub(crate) stack: Vec<usize>,
    pub(crate) next: usize,
    pub(crate) parts: Vec<Vec<usize>>,
}

impl Tarjan<'_> {
    pub(crate) fn visit(&mut self, v: usize) {
        self.index[v] = Some(self.next);
        self.low[v] = self.next;
        self.next += 1;
        self.stack.push(v);
        self.on_stack[v] = true;
        for &w in &self.adjacency[v] {
            match self.index[w] {
                None => {
                    self.visit(w);
                    self.low[v] = self.low[v].min(self.low[w]);
                }
                Some(iw) if self.on_stack[w] => self.low[v] = self.low[v].min(iw),
                Some(_) => {}
            }
        }
        if Some(self.low[v]) == self.index[v] {
            let mut part = Vec::new();
            while let Some(w) = self.stack.pop() {
                self.on_stack[w] = false;
                part.push(w);
                if w == v {
                    break;
                }
            }
            self.parts.push(part);
        }
    }
}
