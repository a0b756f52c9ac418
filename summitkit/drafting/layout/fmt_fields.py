"""The schema's record models as `summit fmt` lays them out, without pydantic.

Written by tools/refresh_fmt_fields.py from `summitkit.sources.schema`, and held
equal to it by tests/test_fmt_fields.py. Each model's fields, in declaration
order, separated by spaces: `name` a value, `name[]` a list, `name{}` a mapping,
each followed by `:Model` where its value or items are that model.
"""

KIND_MODELS = {
    "source": "Source",
    "state": "State",
    "organization": "Organization",
    "summit": "Summit",
    "network": "Network",
    "centre": "Centre",
    "category": "Category",
    "commitment": "Commitment",
    "statement": "Statement",
    "basket": "Basket",
    "report": "Report",
    "proposal": "Proposal",
    "position": "Position",
    "benchmark": "Benchmark",
    "comment": "Comment",
}
DOCUMENTS = frozenset(["Basket", "Statement"])
SHORTHAND = frozenset(["Citation", "Signatory"])
MODELS = {
    "Source": (
        "id sensitivity sources[]:Citation claims[]:Claim field_sensitivity{} title "
        "author publisher date url note"
    ),
    "Citation": "source locator",
    "Claim": "field value sources[]:Citation note",
    "State": (
        "id sensitivity sources[]:Citation claims[]:Claim field_sensitivity{} iso3 name "
        "short_name names{} regions[]"
    ),
    "Organization": (
        "id sensitivity sources[]:Citation claims[]:Claim field_sensitivity{} name "
        "short_name names{} url"
    ),
    "Summit": (
        "id sensitivity sources[]:Citation claims[]:Claim field_sensitivity{} title city "
        "start end host participants[] source_order organizations[] participants_note"
    ),
    "Network": (
        "id sensitivity sources[]:Citation claims[]:Claim field_sensitivity{} name "
        "names{} acronym coordinator parent established members[] source_order centres[] "
        "working_groups[]:WorkingGroup description"
    ),
    "WorkingGroup": "id name",
    "Centre": (
        "id sensitivity sources[]:Citation claims[]:Claim field_sensitivity{} name "
        "names{} host type stage announced_at established focus[] scope networks[] "
        "policy_roles[] description"
    ),
    "Category": (
        "id sensitivity sources[]:Citation claims[]:Claim field_sensitivity{} title description"
    ),
    "Commitment": (
        "id sensitivity sources[]:Citation claims[]:Claim field_sensitivity{} made_by "
        "made_at category text target assessments[]:Assessment"
    ),
    "Assessment": (
        "round date status evidence sources[]:Citation assessor by review verifiability "
        "potential_impact benchmarks[]:Rating response:StateResponse"
    ),
    "Rating": "benchmark level",
    "StateResponse": "text date sources[]:Citation",
    "Statement": (
        "id sensitivity sources[]:Citation claims[]:Claim field_sensitivity{} title round "
        "status revision date lead[] signatories[]:Signatory source_order follows summary "
        "languages[] translations{}:DocumentTranslation clauses[]:Clause retired_ids[] "
        "changes_annex brackets_attributed type hosted_by[]"
    ),
    "Signatory": "state organization date sources[]:Citation",
    "DocumentTranslation": "title:Translation summary:Translation objective:Translation",
    "Translation": "text source_hash",
    "Clause": (
        "id kind text translations{}:Translation sensitivity note sources[]:Citation "
        "status reserved_by[] alternatives[]:Alternative"
    ),
    "Alternative": "text by[] author note",
    "Basket": (
        "id sensitivity sources[]:Citation claims[]:Claim field_sensitivity{} title round "
        "status revision date lead[] signatories[]:Signatory source_order follows summary "
        "languages[] translations{}:DocumentTranslation clauses[]:Clause retired_ids[] "
        "changes_annex brackets_attributed co_sponsors[] invited[] objective "
        "action_items[]:ActionItem"
    ),
    "ActionItem": (
        "id title owner deliverable due commitments[] translations{}:ActionItemTranslation"
    ),
    "ActionItemTranslation": "title:Translation deliverable:Translation",
    "Report": (
        "id sensitivity sources[]:Citation claims[]:Claim field_sensitivity{} title as_of "
        "scope:ReportScope sections[] status revision summary include_preliminary"
    ),
    "ReportScope": "region states[] network commitments[] basket all",
    "Proposal": (
        "id sensitivity sources[]:Citation claims[]:Claim field_sensitivity{} document "
        "by[] supported_by[] date status changes[]:Change accepted_changes[] note reason "
        "history[]:Decision against{} amends received_from:Receipt"
    ),
    "Change": "insert:Insert delete replace:Replace substitute:Substitute",
    "Insert": "after id kind text",
    "Replace": "clause old new",
    "Substitute": "clause text",
    "Decision": "fate change by date revision reason superseded_by",
    "Receipt": "party file sha256 authors[] date by",
    "Position": (
        "id sensitivity sources[]:Citation claims[]:Claim field_sensitivity{} proposal "
        "change by stance date note received_from:Receipt"
    ),
    "Benchmark": (
        "id sensitivity sources[]:Citation claims[]:Claim field_sensitivity{} title "
        "definition evidence scale:Scale weight categories[]"
    ),
    "Scale": "version since changes levels[]:Level",
    "Level": "id title definition",
    "Comment": (
        "id sensitivity sources[]:Citation claims[]:Claim field_sensitivity{} document "
        "clause quote by author date text resolved"
    ),
}
