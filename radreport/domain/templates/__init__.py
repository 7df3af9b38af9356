"""Report templates as data: schema, answer validation, conditions, clinical-rule hooks.

No I/O here; loading files and rendering text live in radreport.services.templates.
Format reference: docs/templates.md.
"""

from radreport.domain.templates.answers import (
    AnswerProblem,
    CheckResult,
    check_answers,
    clean_text,
    evaluate,
)
from radreport.domain.templates.clinical import RuleResults, run_rules
from radreport.domain.templates.model import (
    STANDARD_FIELDS,
    STANDARD_IDS,
    DefinitionProblem,
    ModuleRef,
    Template,
    TemplateDefinitionError,
    build_template,
)
from radreport.domain.templates.schema import (
    Condition,
    FieldDef,
    FieldType,
    ModuleDef,
    Option,
    RuleHook,
    TemplateDef,
    Text,
)

__all__ = [
    "STANDARD_FIELDS",
    "STANDARD_IDS",
    "AnswerProblem",
    "CheckResult",
    "Condition",
    "DefinitionProblem",
    "FieldDef",
    "FieldType",
    "ModuleDef",
    "ModuleRef",
    "Option",
    "RuleHook",
    "RuleResults",
    "Template",
    "TemplateDef",
    "TemplateDefinitionError",
    "Text",
    "build_template",
    "check_answers",
    "clean_text",
    "evaluate",
    "run_rules",
]
