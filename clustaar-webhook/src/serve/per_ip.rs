//! The connection cap per client address: how many connections each address has open.
//!
//! Off by default: the platform posts its notifications from a few addresses, and behind a
//! reverse proxy every connection comes from the proxy's, so a cap on by default would throttle
//! the platform itself. When it is off, nothing is counted and no lock is taken.

use std::collections::HashMap;
use std::collections::hash_map::Entry;
use std::net::IpAddr;
use std::num::NonZeroUsize;
use std::sync::{Arc, Mutex, MutexGuard, PoisonError};

/// The connections open per address. An address is in it only while it has one open, so its
/// size is bounded by the global connection cap, whatever the number of addresses seen.
/// (std's `HashMap` hashes with random keys: a client cannot pick addresses that collide.)
type Table = Arc<Mutex<HashMap<IpAddr, usize>>>;

/// The cap per address, if there is one, and the connections each address has open.
#[derive(Debug)]
pub(super) struct PerIpCap(Option<Counted>);

#[derive(Debug)]
struct Counted {
    cap: NonZeroUsize,
    open: Table,
}

impl PerIpCap {
    pub(super) fn new(cap: Option<NonZeroUsize>) -> Self {
        PerIpCap(cap.map(|cap| Counted {
            cap,
            open: Table::default(),
        }))
    }

    /// A place for one more connection from `ip`, or `None` when `ip` has the cap already.
    /// Without a cap, always a place, which holds nothing.
    pub(super) fn admit(&self, ip: IpAddr) -> Option<IpPlace> {
        let Some(counted) = &self.0 else {
            return Some(IpPlace { _held: None });
        };
        // On a dual-stack listener an IPv4 client comes as `::ffff:a.b.c.d`: one client, one key.
        let ip = ip.to_canonical();
        let mut open = lock(&counted.open);
        let count = open.entry(ip).or_insert(0);
        if *count >= counted.cap.get() {
            return None;
        }
        *count += 1;
        Some(IpPlace {
            _held: Some(Held {
                ip,
                open: Arc::clone(&counted.open),
            }),
        })
    }
}

/// A connection's place under the cap per address: freed when it is dropped. Only its drop
/// matters, hence the field's name.
#[derive(Debug)]
pub(super) struct IpPlace {
    _held: Option<Held>,
}

#[derive(Debug)]
struct Held {
    ip: IpAddr,
    open: Table,
}

impl Drop for Held {
    fn drop(&mut self) {
        let mut open = lock(&self.open);
        if let Entry::Occupied(mut count) = open.entry(self.ip) {
            *count.get_mut() -= 1;
            // Forgetting the address at zero keeps the table as small as the open connections.
            if *count.get() == 0 {
                count.remove();
            }
        }
    }
}

/// The table, even if a thread panicked holding it: nothing panics between a count's read and
/// its write, so the counts are always whole, and a drop must not panic.
fn lock(table: &Table) -> MutexGuard<'_, HashMap<IpAddr, usize>> {
    table.lock().unwrap_or_else(PoisonError::into_inner)
}

#[cfg(test)]
mod tests {
    use super::*;

    const ONE: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(192, 0, 2, 1));
    const TWO: IpAddr = IpAddr::V4(std::net::Ipv4Addr::new(192, 0, 2, 2));

    fn cap(places: usize) -> PerIpCap {
        PerIpCap::new(NonZeroUsize::new(places))
    }

    fn open(per_ip: &PerIpCap) -> HashMap<IpAddr, usize> {
        lock(&per_ip.0.as_ref().unwrap().open).clone()
    }

    #[test]
    fn an_address_gets_as_many_places_as_the_cap_and_no_more() {
        let per_ip = cap(2);
        let first = per_ip.admit(ONE);
        let second = per_ip.admit(ONE);
        assert!(first.is_some() && second.is_some());
        assert!(per_ip.admit(ONE).is_none());
        assert!(per_ip.admit(ONE).is_none(), "a refusal takes no place");
        assert_eq!(open(&per_ip), HashMap::from([(ONE, 2)]));
    }

    #[test]
    fn another_address_is_not_affected() {
        let per_ip = cap(1);
        let _one = per_ip.admit(ONE).unwrap();
        assert!(per_ip.admit(ONE).is_none());
        let _two = per_ip.admit(TWO).expect("a place of its own");
        assert_eq!(open(&per_ip), HashMap::from([(ONE, 1), (TWO, 1)]));
    }

    #[test]
    fn a_place_dropped_is_free_again_and_an_address_at_zero_is_forgotten() {
        let per_ip = cap(1);
        let place = per_ip.admit(ONE).unwrap();
        drop(place);
        let place = per_ip.admit(ONE).expect("the place was freed");
        let other = per_ip.admit(TWO).unwrap();
        drop(place);
        assert_eq!(open(&per_ip), HashMap::from([(TWO, 1)]));
        drop(other);
        assert!(open(&per_ip).is_empty());
    }

    #[test]
    fn an_ipv4_client_on_a_dual_stack_listener_is_the_same_address() {
        let per_ip = cap(1);
        let _place = per_ip.admit(ONE).unwrap();
        let mapped = match ONE {
            IpAddr::V4(v4) => IpAddr::V6(v4.to_ipv6_mapped()),
            IpAddr::V6(_) => unreachable!(),
        };
        assert!(per_ip.admit(mapped).is_none());
    }

    #[test]
    fn without_a_cap_every_connection_is_admitted_and_nothing_is_counted() {
        let per_ip = PerIpCap::new(None);
        let places: Vec<_> = (0..1000).map(|_| per_ip.admit(ONE).unwrap()).collect();
        assert!(places.iter().all(|place| place._held.is_none()));
    }
}
