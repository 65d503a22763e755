// The form reader the request tests post through (test/support/forms.ts): it must send what a
// browser sends for the page's form, and refuse to send what no browser could.
import { describe, expect, it } from 'vitest';
import { errorSummaryTargets, expectErrorsOnShownFields, filledIn, formIn, formsIn } from '../support/forms.ts';

const PAGE = `
<form method="post" action="/t/sign-out"><input type="hidden" name="_csrf" value="a"></form>
<form method="post" action="/t/things?token=x&amp;y=1" novalidate>
  <input type="hidden" name="_csrf" value="t&#34;k">
  <input id="name" name="name" type="text" value="Zofia &amp; Co">
  <input id="secret" name="secret" type="password">
  <input id="terms" name="terms" type="checkbox" value="yes">
  <input id="news" name="news" type="checkbox" checked>
  <fieldset id="size">
    <input id="size-s" name="size" type="radio" value="s">
    <input id="size-m" name="size" type="radio" value="m" checked>
  </fieldset>
  <select id="colour" name="colour"><option value="red">Red</option><option value="blue" selected>Blue</option></select>
  <textarea id="note" name="note">
line one</textarea>
  <input name="gone" type="text" value="x" disabled>
  <button type="submit">Send</button>
</form>`;

describe('the form reader', () => {
  it('finds the form by the path it posts to, its query aside', () => {
    expect(formsIn(PAGE).map((form) => form.action)).toEqual(['/t/sign-out', '/t/things?token=x&y=1']);
    expect(formIn(PAGE, '/t/things').action).toBe('/t/things?token=x&y=1');
    expect(() => formIn(PAGE, '/t/elsewhere')).toThrow('its forms post to: /t/sign-out, /t/things?token=x&y=1');
  });

  it('sends every field with its default, as a browser does, and nothing disabled', () => {
    expect(filledIn(formIn(PAGE, '/t/things'))).toEqual([
      ['_csrf', 't"k'],
      ['name', 'Zofia & Co'],
      ['secret', ''],
      ['news', 'on'],
      ['size', 'm'],
      ['colour', 'blue'],
      ['note', 'line one'],
    ]);
  });

  it('sends what the test fills in: text, a tick, a choice offered', () => {
    const form = formIn(PAGE, '/t/things');
    const sent = filledIn(form, { secret: 's3', terms: true, news: false, size: 's', colour: 'red', note: '' });
    expect(sent).toEqual([
      ['_csrf', 't"k'],
      ['name', 'Zofia & Co'],
      ['secret', 's3'],
      ['terms', 'yes'],
      ['size', 's'],
      ['colour', 'red'],
      ['note', ''],
    ]);
  });

  it('refuses to send what no browser could', () => {
    const form = formIn(PAGE, '/t/things');
    expect(() => filledIn(form, { pesel: '44051401359' })).toThrow('no field pesel');
    expect(() => filledIn(form, { gone: 'y' })).toThrow('no field gone');
    expect(() => filledIn(form, { _csrf: 'other' })).toThrow('hidden');
    expect(() => filledIn(form, { size: 'xl' })).toThrow('no choice "xl"');
    expect(() => filledIn(form, { colour: 'green' })).toThrow('no option "green"');
    expect(() => filledIn(form, { terms: 'yes' })).toThrow('true or false');
    expect(() => filledIn(form, { name: true })).toThrow('not a checkbox');
  });

  it('tells an error on a field the page shows from one on a field it does not', () => {
    const summary = (targets: string[]) =>
      `<div class="error-summary"><ul>${targets.map((t) => `<li><a href="#${t}">x</a></li>`).join('')}</ul></div>`;
    const shown = summary(['name', 'size', 'terms']) + PAGE;
    expect(errorSummaryTargets(shown)).toEqual(['name', 'size', 'terms']);
    expect(() => expectErrorsOnShownFields(shown)).not.toThrow();
    expect(() => expectErrorsOnShownFields(summary(['name', 'pesel']) + PAGE)).toThrow(
      'the errors name fields the page does not show: pesel',
    );
  });
});
