/** The reply checker's words, in zh-CN and English. */
import type { ReplyFindingCode } from './types.js';

/** Values a message is made from. */
export interface MessageValues {
  text: string;
  phrase?: string;
  reason?: string;
  limit?: number;
  amount?: number;
  kind?: string;
  told?: string;
  due?: string;
  dues?: string;
  example?: string;
  tier?: string;
}

type Say = (v: MessageValues) => string;

const kindNames: Record<string, { 'zh-CN': string; en: string }> = {
  acknowledge: { 'zh-CN': '初步答复', en: 'first answer' },
  resolve: { 'zh-CN': '处理结果', en: 'resolution' },
  update: { 'zh-CN': '进展通报', en: 'update' },
  'follow-up': { 'zh-CN': '回访', en: 'follow-up call' },
};

/** The name of a commitment kind. */
export function kindName(kind: string, lang: 'zh-CN' | 'en'): string {
  return kindNames[kind]?.[lang] ?? kind;
}

export const messages: Record<ReplyFindingCode | 'WRONG_DEADLINE_NONE' | 'WRONG_DEADLINE_UNMATCHED', { 'zh-CN': Say; en: Say }> = {
  AVOID_PHRASE: {
    'zh-CN': (v) => `「${v.text}」是这条建议要避免的说法(${v.phrase}):${v.reason}`,
    en: (v) => `"${v.text}" is a phrase this recommendation avoids (${v.phrase}): ${v.reason}`,
  },
  TURNING_AFTER_APOLOGY: {
    'zh-CN': (v) => `道歉之后紧跟「${v.text}」:在客户眼里这是在找借口,之前的道歉就成了找借口的开场白。`,
    en: (v) => `"${v.text}" right after an apology: to the customer it sounds like an excuse, and the apology becomes its opening.`,
  },
  NO_APOLOGY: {
    'zh-CN': () => '第一句话没有道歉:无论是谁的原因,道歉都要放在第一位(道歉不等于承认错误)。',
    en: () => 'The first sentence does not apologise: whoever is at fault, the apology comes first (it is not an admission of fault).',
  },
  BLAME_CUSTOMER: {
    'zh-CN': (v) => `「${v.text}」是在指责客户:即使是客户的原因,也要委婉解释,禁止批评客户。`,
    en: (v) => `"${v.text}" blames the customer: even when the customer is at fault, explain tactfully and never criticise them.`,
  },
  CRITICISE_COLLEAGUE: {
    'zh-CN': (v) => `「${v.text}」是在客户面前评论同事、其他部门或公司的不是,或在推卸责任。`,
    en: (v) => `"${v.text}" criticises a colleague, another department or the company in front of the customer, or shifts the blame.`,
  },
  UNCERTAIN_PROMISE: {
    'zh-CN': (v) => `「${v.text}」是一个保证,而这个问题${v.tier}:对没有把握的事情不随意向客户承诺。`,
    en: (v) => `"${v.text}" is a guarantee, but this problem ${v.tier}: never promise what you are not sure you can deliver.`,
  },
  GIFT_COMPENSATION: {
    'zh-CN': (v) => `「${v.text}」是用礼品作补偿:这不是在解决问题,而是在藐视客户。`,
    en: (v) => `"${v.text}" offers a gift as compensation: that does not solve the problem, it slights the customer.`,
  },
  OVER_AUTHORITY: {
    'zh-CN': (v) => `答应给客户「${v.text}」,超出了处理人的权限(最多 ${v.limit})。`,
    en: (v) => `Offers the customer ${v.text}, above what the handler may approve (at most ${v.limit}).`,
  },
  MISSING_DEADLINE: {
    'zh-CN': (v) => `没有告诉客户具体时间:建议给出的${v.kind}时间是 ${v.due}。`,
    en: (v) => `No time is told: the recommendation's ${v.kind} is due ${v.due}.`,
  },
  WRONG_DEADLINE: {
    'zh-CN': (v) => `告诉客户的时间「${v.told}」与建议的${v.kind}时间 ${v.due} 不一致。`,
    en: (v) => `The time told, "${v.told}", differs from the recommendation's ${v.kind}, due ${v.due}.`,
  },
  WRONG_DEADLINE_NONE: {
    'zh-CN': (v) => `告诉客户「${v.told}」前${v.kind},但这条建议没有给出${v.kind}的时间:没有把握的时间不要承诺。`,
    en: (v) => `Tells the customer "${v.told}" for the ${v.kind}, but the recommendation gives no ${v.kind} time: do not promise a time you cannot be sure of.`,
  },
  WRONG_DEADLINE_UNMATCHED: {
    'zh-CN': (v) => `告诉客户的时间「${v.told}」不是建议中的任何一个时间(${v.dues})。`,
    en: (v) => `The time told, "${v.told}", is none of the recommendation's times (${v.dues}).`,
  },
};

export const tierWords: Record<string, { 'zh-CN': string; en: string }> = {
  'short-term': { 'zh-CN': '需要一段时间才能解决', en: 'needs some time to solve' },
  'not-currently-resolvable': { 'zh-CN': '现阶段无法解决', en: 'cannot be solved at present' },
  unknown: { 'zh-CN': '还不确定能否当场解决', en: 'may not be solvable on the spot' },
};

export const suggestions = {
  apologyFirst: { 'zh-CN': (example: string) => `先道歉,例如:「${example}」`, en: (example: string) => `Apologise first, e.g. "${example}"` },
  noTurn: {
    'zh-CN': (example: string) => `道歉之后直接说您会怎么做${example ? `(例如「${example}」)` : ''};原因放到解释的时候,从客户的角度说。`,
    en: (example: string) => `After the apology say what you will do${example ? ` (e.g. "${example}")` : ''}; give the reasons later, from the customer's side.`,
  },
  explainTactfully: {
    'zh-CN': (example: string) => `委婉地从客户的角度解释${example ? `,例如:「${example}」` : '。'}`,
    en: (example: string) => `Explain tactfully from the customer's side${example ? `, e.g. "${example}"` : '.'}`,
  },
  ownIt: {
    'zh-CN': () => '代表公司承担下来:「这件事由我来负责跟进。」',
    en: () => 'Own it on behalf of the company: "I will take care of this for you myself."',
  },
  onlyWhatIsSure: {
    'zh-CN': (example: string) => `只承诺有把握的事${example ? `,例如:「${example}」` : '。'}`,
    en: (example: string) => `Promise only what you are sure of${example ? `, e.g. "${example}"` : '.'}`,
  },
  solveInstead: {
    'zh-CN': (example: string) => `给出解决问题的方案,而不是礼品${example ? `,例如:「${example}」` : '。'}`,
    en: (example: string) => `Offer a solution to the problem, not a gift${example ? `, e.g. "${example}"` : '.'}`,
  },
  askSuperior: {
    'zh-CN': () => '先请示上级:「针对您的问题,我这边请示上级帮您处理好吗?」',
    en: () => 'Bring in a superior first: "May I ask my superior to handle this for you?"',
  },
  tellDeadline: { 'zh-CN': (text: string) => text, en: (text: string) => text },
  removePhrase: { 'zh-CN': () => '删去这句话。', en: () => 'Leave this out.' },
};
