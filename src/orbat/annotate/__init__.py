"""From a Document to Findings: parse, link actors, extract relations, events and control.

`Annotator` holds everything that is expensive to build (the spaCy pipeline, the actor matcher,
the gazetteer) and is built once per process; `annotate` and `annotate_many` are its only
entry points.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import islice

from orbat.annotate.actors import ActorLinker, actor_findings
from orbat.annotate.control import ControlExtractor
from orbat.annotate.coref import Coref
from orbat.annotate.discovery import Decisions, Discoverer, apply_decisions
from orbat.annotate.events import EventExtractor, as_date
from orbat.annotate.modality import Modality
from orbat.annotate.nlp import load_nlp
from orbat.annotate.places import PlaceFinder
from orbat.annotate.relations import RelationExtractor
from orbat.annotate.segments import DocContext, Segment, segment_texts
from orbat.knowledge import Knowledge, load_knowledge
from orbat.knowledge.places import load_gazetteer
from orbat.model import Document, Findings

EXTRACTOR_VERSION = "orbat-rules-0.1"


class Annotator:
    def __init__(self, knowledge: Knowledge | None = None, nlp=None, decisions: Decisions | None = None) -> None:
        self.knowledge = knowledge or load_knowledge()
        self.decisions = decisions  # analyst decisions on actors, re-applied to every extraction
        self.nlp = nlp or load_nlp()
        self.linker = ActorLinker(self.knowledge.actors)
        self.coref = Coref(self.knowledge.actors)
        self.discoverer = Discoverer(self.knowledge.actors)
        self.modality = Modality.from_lexicon(self.knowledge.lexicon)
        self.places = PlaceFinder(load_gazetteer())
        self.relations = RelationExtractor(self.knowledge.lexicon, self.modality)
        self.events = EventExtractor(self.knowledge.lexicon, self.modality, self.places)
        self.control = ControlExtractor(self.knowledge.lexicon, self.modality, self.places, self.events)

    def annotate(self, document: Document) -> Findings:
        return next(self.annotate_many([document]))

    def annotate_many(self, documents: Iterable[Document], batch_size: int = 16) -> Iterator[Findings]:
        """Findings for each document, in order, streaming.

        The segments of `batch_size` documents go through one `nlp.pipe`: spaCy is 25-35% faster
        per word batching many documents' texts than one document's (bench/RESULTS.md).
        """
        it = iter(documents)
        while chunk := list(islice(it, batch_size)):
            parts = [segment_texts(d) for d in chunk]
            parsed = iter(self.nlp.pipe([text for p in parts for _, text, _ in p], batch_size=64))
            for document, p in zip(chunk, parts, strict=True):
                segments = [Segment(name, text, speaker, next(parsed)) for name, text, speaker in p]
                yield self._extract(document, segments)

    def _extract(self, document: Document, segments: list[Segment]) -> Findings:
        ctx = DocContext(document, self.knowledge, as_date(document.published))
        findings = Findings(document=document, extractor_version=EXTRACTOR_VERSION,
                            knowledge_version=self.knowledge.version)
        # linking: knowledge-base names, then per-document settling of short forms, then
        # unknown organisations, then pronouns and descriptions (each segment on its own)
        linker, coref, discoverer = self.linker, self.coref, self.discoverer
        for seg in segments:
            seg.mentions = linker.link(seg.doc, seg.name)
        linker.resolve_document(segments)
        for seg in segments:
            seg.mentions = sorted(seg.mentions + discoverer.discover(seg.doc, seg.mentions, seg.name),
                                  key=lambda m: m.start)
            seg.mentions = coref.resolve(seg.doc, seg.mentions, seg.name)
            seg.index()
            findings.mentions += seg.mentions
        for seg in segments:
            findings.relations += self.relations.extract(seg, ctx)
            events = self.events.extract(seg, ctx)
            findings.events += events
            findings.control += self.control.extract(seg, ctx, events)
        findings.actors = actor_findings(self.knowledge.actors, findings.mentions, document.published)
        if self.decisions is not None:
            apply_decisions(findings, self.decisions.all(), self.knowledge.actors)
        return findings
