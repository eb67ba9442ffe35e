import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { concatExpression, integerPlaceholder, textPlaceholder, type Placeholder } from "../../../fakes/rds/procedures/statement-template.ts";
import { concatArguments } from "./support/sql-literals.ts";

/** Rebuilds the statement text CONCAT would produce, with each placeholder's expression standing for its rendered text. */
function evaluate(expression: string, placeholders: readonly Placeholder[]): string {
  return concatArguments(expression)
    .map((argument) => {
      if ("literal" in argument) return argument.literal;
      const placeholder = placeholders.find((candidate) => candidate.expression === argument.expression);
      if (!placeholder) throw new Error(`unknown expression ${argument.expression}`);
      return placeholder.rendered;
    })
    .join("");
}

describe("statement templates", () => {
  it("replaces quoted text markers with QUOTE() of the argument and number markers with the argument", () => {
    const host = textPlaceholder("host", "TRIM(host)");
    const port = integerPlaceholder(1, "port");
    const rendered = `CHANGE MASTER TO MASTER_HOST=${host.rendered}, MASTER_PORT=${port.rendered}, MASTER_SSL=0`;
    expect(host.rendered).toBe("'rds_placeholder_host'");
    expect(concatExpression(rendered, [host, port])).toBe(
      "CONCAT('CHANGE MASTER TO MASTER_HOST=', QUOTE(TRIM(host)), ', MASTER_PORT=', port, ', MASTER_SSL=0')",
    );
  });

  it("escapes the constant parts as SQL literals", () => {
    const file = textPlaceholder("file", "name");
    expect(concatExpression(`it's \\ ${file.rendered}`, [file])).toBe("CONCAT('it''s \\\\ ', QUOTE(name))");
  });

  it("refuses a placeholder the dialect did not render, or rendered twice", () => {
    const host = textPlaceholder("host", "host");
    expect(() => concatExpression("START REPLICA", [host])).toThrow(/exactly once/);
    expect(() => concatExpression(`${host.rendered} ${host.rendered}`, [host])).toThrow(/exactly once/);
  });

  it("rebuilds any text around any placeholders exactly (quotes, backslashes, NUL, unicode)", () => {
    const placeholders = [textPlaceholder("a", "QUOTE(a)"), integerPlaceholder(7, "b"), textPlaceholder("c", "TRIM(c)")];
    const markerFree = fc.string({ unit: "binary", maxLength: 30 }).filter((text) => !placeholders.some((p) => text.includes(p.rendered)) && !/\d{12}/.test(text));
    fc.assert(
      fc.property(fc.array(markerFree, { minLength: 4, maxLength: 4 }), fc.shuffledSubarray(placeholders, { minLength: 1 }), (texts, chosen) => {
        let rendered = texts[0]!;
        chosen.forEach((placeholder, index) => {
          rendered += placeholder.rendered + texts[index + 1]!;
        });
        // A marker may only appear where it was put: random text next to it must not complete another.
        fc.pre(chosen.every((p) => rendered.split(p.rendered).length === 2));
        expect(evaluate(concatExpression(rendered, chosen), chosen)).toBe(rendered);
      }),
    );
  });
});
