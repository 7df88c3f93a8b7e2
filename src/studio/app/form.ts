/**
 * A form generated from the complaint's JSON Schema: a select for each enum, a number field for
 * numbers, a yes/no select for booleans, comma-separated text for lists, a fieldset for objects.
 * It edits a plain object; fields left empty are left out.
 */
type Schema = { type?: string | string[]; enum?: unknown[]; properties?: Record<string, Schema>; items?: Schema; description?: string; title?: string };

function get(value: Record<string, unknown>, path: string[]): unknown {
  let at: unknown = value;
  for (const key of path) at = at && typeof at === 'object' ? (at as Record<string, unknown>)[key] : undefined;
  return at;
}

function set(value: Record<string, unknown>, path: string[], next: unknown): void {
  let at = value;
  for (const key of path.slice(0, -1)) {
    if (!at[key] || typeof at[key] !== 'object' || Array.isArray(at[key])) at[key] = {};
    at = at[key] as Record<string, unknown>;
  }
  const last = path[path.length - 1]!;
  if (next === undefined) delete at[last];
  else at[last] = next;
  // Drop objects the form emptied.
  for (let i = path.length - 1; i > 0; i--) {
    const parent = get(value, path.slice(0, i - 1)) as Record<string, unknown>;
    const child = parent[path[i - 1]!];
    if (child && typeof child === 'object' && Object.keys(child).length === 0) delete parent[path[i - 1]!];
  }
}

function typeOf(schema: Schema): string {
  return Array.isArray(schema.type) ? schema.type.find((t) => t !== 'null') ?? 'string' : schema.type ?? (schema.enum ? 'string' : 'string');
}

/**
 * Builds the form into `form` for `schema`; `read` gives the current complaint, `write` receives
 * each change. Returns a function that refreshes the fields from the complaint.
 */
export function complaintForm(form: HTMLFormElement, schema: Schema, read: () => Record<string, unknown>, write: (value: Record<string, unknown>) => void): () => void {
  const refreshers: Array<() => void> = [];
  const build = (parent: HTMLElement, properties: Record<string, Schema>, prefix: string[]) => {
    for (const [key, prop] of Object.entries(properties)) {
      const path = [...prefix, key];
      const id = `cf-${path.join('-')}`;
      const type = typeOf(prop);
      if (type === 'object' && prop.properties) {
        const fieldset = document.createElement('fieldset');
        const legend = document.createElement('legend');
        legend.textContent = key;
        fieldset.append(legend);
        build(fieldset, prop.properties, path);
        parent.append(fieldset);
        continue;
      }
      const label = document.createElement('label');
      label.htmlFor = id;
      label.textContent = key;
      if (prop.description) label.title = prop.description;
      let input: HTMLInputElement | HTMLSelectElement;
      const change = () => {
        const value = read();
        set(value, path, parse(input.value));
        write(value);
      };
      let parse: (raw: string) => unknown;
      let show: (value: unknown) => string = (v) => (v === undefined || v === null ? '' : String(v));
      if (prop.enum || type === 'boolean') {
        const select = document.createElement('select');
        const options = prop.enum ? prop.enum.map(String) : ['true', 'false'];
        for (const o of ['', ...options]) select.append(new Option(o, o));
        input = select;
        parse = (raw) => (raw === '' ? undefined : type === 'boolean' ? raw === 'true' : raw);
      } else if (type === 'array') {
        input = document.createElement('input');
        parse = (raw) => {
          const items = raw.split(/[,,]/).map((s) => s.trim()).filter(Boolean);
          return items.length ? items : undefined;
        };
        show = (v) => (Array.isArray(v) ? v.join(', ') : '');
      } else {
        input = document.createElement('input');
        if (type === 'number' || type === 'integer') {
          input.type = 'number';
          if (type === 'integer') input.step = '1';
          parse = (raw) => (raw === '' ? undefined : Number(raw));
        } else parse = (raw) => (raw === '' ? undefined : raw);
      }
      input.id = id;
      input.name = path.join('.');
      input.addEventListener('change', change);
      refreshers.push(() => {
        const shown = show(get(read(), path));
        if (input.value !== shown) input.value = shown;
      });
      parent.append(label, input);
    }
  };
  build(form, schema.properties ?? {}, []);
  return () => refreshers.forEach((r) => r());
}
