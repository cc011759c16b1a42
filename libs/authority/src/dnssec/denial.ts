import { type Name, RRType } from '@shoal/dns-wire';
import { canonicalOrderKey, type Nsec3Params, nsec3HashWire } from '@shoal/dnssec';
import type { Placed, Proof } from '../outcome.js';
import type { Zone } from '../zone.js';
import type { ZoneNode } from '../zone-node.js';
import { nsec3ParamsOf } from './nsec3-params.js';

/**
 * The authority-section records that prove what `proofs` say, for a query with DO: NSEC
 * records (RFC 4035 §3.1.3) or NSEC3 records (RFC 5155 §7.2) from each zone's chain, and at a
 * referral the DS RRset or the proof that there is none (RFC 4035 §3.1.4). Each record once;
 * their RRSIGs are added by the writer. A zone without a chain proves nothing.
 */
export function proofRecords(proofs: readonly Proof[]): Placed[] {
  const out: Placed[] = [];
  const seen = new Set<string>();
  const add = (node: ZoneNode | undefined, type: number) => {
    const rrset = node?.get(type);
    if (node === undefined || rrset === undefined) return;
    const id = `${node.owner}/${type}`;
    if (seen.has(id)) return;
    seen.add(id);
    out.push({ owner: node.name, rrset, node });
  };
  for (const proof of proofs) {
    if (proof.kind === 'referral' && proof.cut.get(RRType.DS) !== undefined) {
      add(proof.cut, RRType.DS);
      continue;
    }
    const params = nsec3ParamsOf(proof.zone);
    if (params !== undefined) {
      for (const node of new Nsec3Prover(proof.zone, params).prove(proof)) add(node, RRType.NSEC3);
    } else if (proof.zone.denial.nsec.size > 0) {
      for (const node of nsecProof(proof)) add(node, RRType.NSEC);
    }
  }
  return out;
}

/** RFC 4035 §3.1.3: NSEC records that match or cover the names the proof is about. */
function nsecProof(proof: Proof): (ZoneNode | undefined)[] {
  const zone = proof.zone;
  switch (proof.kind) {
    case 'nxdomain':
      // §3.1.3.2: the name does not exist, and no wildcard could have matched it.
      return [nsecFor(zone, proof.qname), nsecFor(zone, proof.encloser.name.prepend('*'))];
    case 'nodata':
      // §3.1.3.1: the NSEC at the name shows the type missing; an empty non-terminal has
      // none, and the NSEC covering it shows that (RFC 4035 §3.1.3.2 applied to it).
      return [nsecFor(zone, proof.qname)];
    case 'wildcard':
      // §3.1.3.3: no closer match than the wildcard exists.
      return [nsecFor(zone, proof.qname)];
    case 'wildcard-nodata':
      // §3.1.3.4: no closer match, and the wildcard lacks the type.
      return [nsecFor(zone, proof.qname), proof.wildcard];
    case 'referral':
      // §3.1.4.1: the NSEC at the cut shows NS without DS: an unsigned child.
      return [nsecFor(zone, proof.cut.name)];
  }
}

/** The NSEC whose owner is `name`, else the one that covers it (the greatest owner before it). */
function nsecFor(zone: Zone, name: Name): ZoneNode | undefined {
  const found = zone.denial.nsec.floor(canonicalOrderKey(name)) ?? zone.denial.nsec.last();
  return found === undefined ? undefined : zone.getNodeByKey(found.value);
}

/** RFC 5155 §7.2: closest encloser proofs and the records matching or covering hashed names. */
class Nsec3Prover {
  constructor(
    private readonly zone: Zone,
    private readonly params: Nsec3Params,
  ) {}

  prove(proof: Proof): (ZoneNode | undefined)[] {
    switch (proof.kind) {
      case 'nxdomain': {
        // §7.2.2: closest encloser proof, and the wildcard at the closest encloser covered.
        const cep = this.closestEncloserProof(proof.qname);
        return [...cep.nodes, this.covering(cep.encloser.prepend('*'))];
      }
      case 'nodata': {
        // §7.2.3; §7.2.4 for DS: the NSEC3 matching the name, else (opt-out: no NSEC3 for an
        // insecure cut or the empty non-terminals above one) the closest provable encloser
        // proof, whose covering record has the Opt-Out flag.
        const match = this.matching(proof.qname);
        return match !== undefined ? [match] : this.closestEncloserProof(proof.qname).nodes;
      }
      case 'wildcard':
        // §7.2.6: the next closer name is covered; the RRSIG's labels give the encloser.
        return [this.covering(nextCloser(proof.qname, proof.encloser.name))];
      case 'wildcard-nodata': {
        // §7.2.5: closest encloser proof and the NSEC3 matching the wildcard.
        const encloser = proof.encloser.name;
        return [
          this.matching(encloser),
          this.covering(nextCloser(proof.qname, encloser)),
          this.matching(encloser.prepend('*')),
        ];
      }
      case 'referral': {
        // §7.2.7: the NSEC3 matching the cut (NS without DS), else with opt-out the closest
        // provable encloser proof.
        const match = this.matching(proof.cut.name);
        return match !== undefined ? [match] : this.closestEncloserProof(proof.cut.name).nodes;
      }
    }
  }

  /**
   * §7.2.1: the NSEC3 matching the closest provable encloser of `name` and the one covering
   * the next closer name. The encloser is the nearest ancestor with a matching record.
   */
  closestEncloserProof(name: Name): { encloser: Name; nodes: (ZoneNode | undefined)[] } {
    const apexLabels = this.zone.originLabels;
    let child = name;
    for (let candidate = name; ; ) {
      const match = candidate.labelCount === name.labelCount ? undefined : this.matching(candidate);
      if (match !== undefined) return { encloser: candidate, nodes: [match, this.covering(child)] };
      if (candidate.labelCount <= apexLabels)
        return { encloser: candidate, nodes: [this.matching(candidate), this.covering(child)] };
      child = candidate;
      candidate = candidate.parent();
    }
  }

  matching(name: Name): ZoneNode | undefined {
    const hash = this.#hash(name);
    const found = this.zone.denial.nsec3.floor(hash);
    return found !== undefined && found.key === hash ? this.zone.getNodeByKey(found.value) : undefined;
  }

  /** The NSEC3 whose span contains the hash of `name` (the last one covers the wrap-around). */
  covering(name: Name): ZoneNode | undefined {
    const hash = this.#hash(name);
    const found = this.zone.denial.nsec3.floor(hash) ?? this.zone.denial.nsec3.last();
    return found === undefined ? undefined : this.zone.getNodeByKey(found.value);
  }

  #hash(name: Name): string {
    return Buffer.from(nsec3HashWire(name.toCanonicalWire(), this.params)).toString('latin1');
  }
}

/** RFC 5155 §1.3: the name one label longer than the closest encloser, on the way to `qname`. */
function nextCloser(qname: Name, encloser: Name): Name {
  return qname.ancestor(qname.labelCount - encloser.labelCount - 1);
}
