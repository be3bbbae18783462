// Links between lessons: authors write `./02-variance`, `02-variance.md` or `./02-variance.html`; static
// hosts need the real file name, so hrefs naming a lesson get ".html".
export function rewriteLessonLinks(html: string, lessonNames: ReadonlySet<string>): string {
  return html.replace(/(<a\s[^>]*?href=")(\.\/)?([^"/?#:]+?)(\.md|\.html)?((?:[?#][^"]*)?)"/g, (whole, start: string, dot = "", name: string, _ext, rest: string) =>
    lessonNames.has(name) ? `${start}${dot}${name}.html${rest}"` : whole
  );
}
