//! The fixed part of every generated Rust module: [`Set`], a set of a protocol's enum
//! values as a bit set, a step's [`Deadline`] (its [`Time`] as data) and how long it
//! [`Lasts`], and the
//! [`Answer`]s and [`Visited`] steps of the walk.
//!
//! protocolc copies this file, from the line after this comment on, to the end of
//! each module it writes (`include_str!` in `mod.rs`); it is not a module of the
//! crate. So it uses only `core` through `::core::` paths, documents every public
//! item, has no inner attribute and no line over 100 characters. `tests/rust_codegen.rs`
//! compiles it on its own and exercises it.

/// An enum of the protocol whose values a [`Set`] holds.
pub trait Member: Copy + 'static {
    /// Every value, in file order.
    const ALL: &'static [Self];

    /// Its position in [`Member::ALL`].
    fn index(self) -> usize;
}

/// A set of `T` values: one bit for each, in `WORDS` words of 64 bits.
///
/// The `const fn`s work with positions ([`Member::index`]), so constants can be built
/// from them; the others take the values themselves.
pub struct Set<T, const WORDS: usize> {
    words: [u64; WORDS],
    member: ::core::marker::PhantomData<T>,
}

impl<T, const WORDS: usize> Set<T, WORDS> {
    /// The empty set.
    pub const EMPTY: Self = Set {
        words: [0; WORDS],
        member: ::core::marker::PhantomData,
    };

    /// The set of the values at these positions.
    pub const fn from_indices(indices: &[usize]) -> Self {
        let mut set = Self::EMPTY;
        let mut i = 0;
        while i < indices.len() {
            set = set.with_index(indices[i]);
            i += 1;
        }
        set
    }

    /// Whether the set holds the value at position `index`.
    #[inline]
    pub const fn contains_index(&self, index: usize) -> bool {
        self.words[index / 64] & (1 << (index % 64)) != 0
    }

    /// The set with the value at position `index` added.
    #[inline]
    pub const fn with_index(mut self, index: usize) -> Self {
        self.words[index / 64] |= 1 << (index % 64);
        self
    }

    /// The set without the value at position `index`.
    #[inline]
    pub const fn without_index(mut self, index: usize) -> Self {
        self.words[index / 64] &= !(1 << (index % 64));
        self
    }

    /// The values in both sets.
    #[inline]
    pub const fn and(mut self, other: Self) -> Self {
        let mut i = 0;
        while i < WORDS {
            self.words[i] &= other.words[i];
            i += 1;
        }
        self
    }

    /// The values of this set that are not in `other`.
    #[inline]
    pub const fn minus(mut self, other: Self) -> Self {
        let mut i = 0;
        while i < WORDS {
            self.words[i] &= !other.words[i];
            i += 1;
        }
        self
    }

    /// Whether the set is empty.
    pub const fn is_empty(&self) -> bool {
        let mut i = 0;
        while i < WORDS {
            if self.words[i] != 0 {
                return false;
            }
            i += 1;
        }
        true
    }

    /// How many values the set holds.
    pub const fn len(&self) -> usize {
        let mut count = 0;
        let mut i = 0;
        while i < WORDS {
            count += self.words[i].count_ones() as usize;
            i += 1;
        }
        count
    }
}

impl<T: Member, const WORDS: usize> Set<T, WORDS> {
    /// Whether the set holds `value`.
    #[inline]
    pub fn contains(&self, value: T) -> bool {
        self.contains_index(value.index())
    }

    /// The set with `value` added.
    #[inline]
    pub fn with(self, value: T) -> Self {
        self.with_index(value.index())
    }

    /// Adds `value`.
    #[inline]
    pub fn insert(&mut self, value: T) {
        *self = self.with(value);
    }

    /// The values, in file order.
    pub fn iter(self) -> impl Iterator<Item = T> {
        T::ALL.iter().copied().filter(move |value| self.contains(*value))
    }
}

impl<T, const WORDS: usize> Clone for Set<T, WORDS> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T, const WORDS: usize> Copy for Set<T, WORDS> {}

impl<T, const WORDS: usize> Default for Set<T, WORDS> {
    fn default() -> Self {
        Self::EMPTY
    }
}

impl<T, const WORDS: usize> PartialEq for Set<T, WORDS> {
    fn eq(&self, other: &Self) -> bool {
        self.words == other.words
    }
}

impl<T, const WORDS: usize> Eq for Set<T, WORDS> {}

impl<T, const WORDS: usize> ::core::hash::Hash for Set<T, WORDS> {
    fn hash<H: ::core::hash::Hasher>(&self, state: &mut H) {
        ::core::hash::Hash::hash(&self.words, state);
    }
}

impl<T: Member + ::core::fmt::Debug, const WORDS: usize> ::core::fmt::Debug for Set<T, WORDS> {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

/// An answer to a question.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Answer {
    /// Takes the question's `yes` route.
    Yes,
    /// Takes the question's `no` route.
    No,
    /// Takes the question's `unclear_counts_as` route, or else waits for a clear answer.
    Unclear,
    /// Picks the choice at this 0-based position of a question answered by picking
    /// one (its choices' ids in order: `Question::choices`); takes that choice's route.
    Choice(usize),
}

/// A step's time limit: in words, and as a time to schedule when the protocol writes
/// it as one. Shown as its words.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Deadline {
    /// In words, e.g. "within 36 hours of the phone referral".
    pub text: &'static str,
    /// As a time, when the protocol writes it as one (`None`: only in words).
    pub time: Option<Time>,
}

impl ::core::fmt::Display for Deadline {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        f.write_str(self.text)
    }
}

/// A deadline as a time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Time {
    /// At once.
    Immediately,
    /// By the end of the working day.
    EndOfDay,
    /// Within an amount of time of an event (`from`), or of reaching the step.
    Within {
        /// How many units, never 0.
        amount: u32,
        /// The unit of time.
        unit: TimeUnit,
        /// The event the time is measured from, e.g. "the phone referral".
        from: Option<&'static str>,
    },
}

/// A unit of time.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum TimeUnit {
    /// Minutes.
    Minutes,
    /// Hours.
    Hours,
    /// Calendar days.
    Days,
    /// Days the service works (its own calendar decides which).
    WorkingDays,
}

/// How long a step goes on: in words, and as data.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Lasts {
    /// In words, e.g. "until the assessment is complete", "at least 90 days".
    pub text: &'static str,
    /// Until an event, or at least an amount of time.
    pub lasting: Lasting,
}

/// How long a step goes on, as data.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Lasting {
    /// Until the event named, e.g. "the assessment is complete".
    Until(&'static str),
    /// At least an amount of time.
    AtLeast {
        /// How many units, never 0.
        amount: u32,
        /// The unit of time.
        unit: TimeUnit,
    },
}

/// What happened at a step or question on the walk.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Visited {
    /// Taken.
    Done {
        /// The time limit that holds, if it has one.
        deadline: Option<Deadline>,
    },
    /// Passed over: its `skip_when` held.
    Skipped,
    /// A question answered.
    Answered(Answer),
}
