import { isAtomKind, type Token, TokenKind } from './tokenKind.js';

const SPACE_BOTH: ReadonlySet<string> = new Set([
  '+',
  '-',
  '*',
  '/',
  '%',
  '&',
  '^',
  '|',
  '<',
  '>',
  '==',
  '<>',
  '!=',
  '<=',
  '>=',
  '<<',
  '>>',
  '**',
  '//',
]);
const SPACE_BEFORE: ReadonlySet<string> = new Set([...SPACE_BOTH, '!', '~']);
const SPACE_AFTER: ReadonlySet<string> = new Set([...SPACE_BOTH, ',', ':']);

/**
 * patsy's `pretty_untokenize`: the canonical text of a factor, which is both its name in
 * column names and its identity (`I(x**2)` and `I(x ** 2)` are one factor). Names, numbers
 * and strings are kept exactly as written; the spacing around operators is normalised:
 * binary operators get a space each side, commas one after, `=` none inside brackets, and a
 * `+`/`-` that does not follow something object-like is unary and unspaced.
 */
export function prettyUntokenize(tokens: readonly Token[]): string {
  let text = '';
  let prevWasSpaceDelim = false;
  let prevWantsSpace = false;
  let prevWasOpenParenOrComma = false;
  let prevWasObjectLike = false;
  const brackets: string[] = [];
  for (const token of tokens) {
    if (token.kind === TokenKind.EOF) continue;
    const lexeme = token.text;
    if (isAtomKind(token.kind)) {
      if (prevWantsSpace || prevWasSpaceDelim) text += ' ';
      text += lexeme;
      prevWantsSpace = false;
      prevWasSpaceDelim = true;
    } else {
      if (lexeme === '(' || lexeme === '[' || lexeme === '{') brackets.push(lexeme);
      else if (brackets.length > 0 && (lexeme === ')' || lexeme === ']' || lexeme === '}')) brackets.pop();
      let wantsBefore = SPACE_BEFORE.has(lexeme);
      let wantsAfter = SPACE_AFTER.has(lexeme);
      // Slices (`foo[:10]`) keep their colon tight.
      if (lexeme === ':' && brackets.at(-1) === '[') wantsAfter = false;
      // Star-arguments: foo(*args), foo(a, **kwargs).
      if ((lexeme === '*' || lexeme === '**') && prevWasOpenParenOrComma) {
        wantsBefore = false;
        wantsAfter = false;
      }
      // Assignment at top level is spaced; keyword arguments are not.
      if (lexeme === '=' && brackets.length === 0) {
        wantsBefore = true;
        wantsAfter = true;
      }
      // Unary plus and minus: not after something object-like.
      if ((lexeme === '+' || lexeme === '-') && !prevWasObjectLike) {
        wantsBefore = false;
        wantsAfter = false;
      }
      if (prevWantsSpace || wantsBefore) text += ' ';
      text += lexeme;
      prevWantsSpace = wantsAfter;
      prevWasSpaceDelim = false;
    }
    prevWasObjectLike = isAtomKind(token.kind) || lexeme === ')';
    prevWasOpenParenOrComma = lexeme === '(' || lexeme === ',';
  }
  return text;
}
