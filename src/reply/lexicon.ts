/**
 * The words the reply checker knows, per language (`zh`, `en`). Literal words, matched as whole
 * words by the core matcher; each list says what the seeds say (000, 003). A playbook adds its
 * own through avoid entries with `match` and `check`.
 */

/** A word list per language. */
export type Lexicon = Readonly<Record<'zh' | 'en', readonly string[]>>;

/** An apology (「非常抱歉」, "I am sorry"). */
export const apologyWords: Lexicon = {
  zh: ['抱歉', '对不起', '不好意思', '道歉', '致歉', '歉意', '请原谅', '见谅', '对不住'],
  en: ['sorry', 'apologise', 'apologize', 'apologises', 'apologizes', 'apologised', 'apologized', 'apologies', 'apology', 'apologising', 'apologizing', 'we regret'],
};

/** Turning words that make an apology an excuse (000: 「不过」「可是」「因为」). */
export const turningWords: Lexicon = {
  zh: ['不过', '可是', '但是', '但', '因为', '然而'],
  en: ['but', 'however', 'because', 'although'],
};

/** "nothing but", "all but": not a turn. */
export const notTurningBefore: readonly string[] = ['nothing', 'anything', 'all', 'everything', 'last'];

/** Blaming the customer (003: 禁止批评客户; 002: 「你既然说有问题……」). */
export const blameWords: Lexicon = {
  zh: ['您的错', '你的错', '是你自己', '是您自己', '怪你', '怪您', '你自己的问题', '您自己的问题', '您自己没', '你自己没', '谁让你', '谁让您', '操作不当', '使用不当', '您没看清楚', '你没看清楚', '您没有看清楚', '你没有看清楚', '你既然说有问题', '您既然说有问题', '您搞错了', '你搞错了', '您自己不小心', '你自己不小心', '怪不了我们', '您的责任', '你的责任'],
  en: ['your fault', 'your own fault', 'your mistake', 'your own mistake', 'you should have read', 'you should have checked', 'you should have known', 'you should have kept', 'you misunderstood', "you didn't read", 'you did not read', 'you failed to', 'you got it wrong', 'user error', "that's your problem", 'that is your problem', 'blame yourself', 'if you had read', "why didn't you", 'you were wrong'],
};

/** Criticising colleagues, other departments or the company; shifting the blame (003). */
export const criticismWords: Lexicon = {
  zh: ['他们部门的事', '他就是不懂', '她就是不懂', '别理他', '别理她', '不归我管', '不关我的事', '不是我负责的', '那是他们的问题', '他们的问题', '同事的错', '他的错', '她的错', '他们的错', '是新来的', '他不专业', '她不专业', '什么都不懂', '太不负责', '跟我们没关系', '跟我没关系', '与我们无关', '跟我们无关', '和我们没关系'],
  en: ["another department's problem", 'not my department', 'not my job', 'not my problem', 'nothing to do with us', 'nothing to do with me', "doesn't know what he's doing", "doesn't know what she's doing", 'ignore him', 'ignore her', 'my colleague was wrong', 'his fault', 'her fault', 'their fault', 'incompetent', 'useless'],
};

/** A guarantee (003: 对没有把握的事情不随意向客户承诺). */
export const guaranteeWords: Lexicon = {
  zh: ['保证', '肯定没问题', '肯定能', '一定能', '绝对没问题', '绝对能', '百分之百', '打包票', '包您满意'],
  // Not the bare noun: "the three guarantees" (三包) is a rule, not a promise.
  en: ['i guarantee', 'we guarantee', 'guaranteed', 'i promise', 'we promise', 'promise you', 'definitely', '100%', 'for sure', 'no problem at all', 'without fail', 'absolutely will', 'certainly will'],
};

/** A gift as compensation (000: 用礼品补偿……是在藐视客户). */
export const giftWords: Lexicon = {
  zh: ['礼品', '小礼品', '小礼物', '礼物', '赠品', '优惠券', '代金券', '购物卡', '纪念品', '送您一份', '送您一个'],
  en: ['gift', 'gifts', 'a little gift', 'free gift', 'gift card', 'gift voucher', 'voucher', 'vouchers', 'coupon', 'coupons', 'free sample', 'complimentary', 'token of our appreciation'],
};

/** A gift word in a clause with one of these is the customer's gift to us (000: 「客户送给我们的礼物」). */
export const giftToUs: Lexicon = {
  zh: ['给我们', '我们的礼物'],
  en: ['to us', 'for us'],
};

/** A greeting that may stand before the apology in its own sentence. */
export const greetingWords: Lexicon = {
  zh: ['您好', '你好', '尊敬的', '亲爱的', '早上好', '下午好', '晚上好'],
  en: ['hello', 'hi', 'dear', 'good morning', 'good afternoon', 'good evening'],
};

/** A time that is no time (「尽快」, "as soon as possible"). */
export const vagueTimeWords: Lexicon = {
  zh: ['尽快', '马上', '很快', '稍后', '过几天', '改天', '回头'],
  en: ['as soon as possible', 'asap', 'shortly', 'soon', 'in due course', 'at some point', 'later'],
};

/** Words that say what a told time is for, per commitment kind (the most specific first). */
export const commitmentKindWords: ReadonlyArray<{ kind: 'follow-up' | 'update' | 'resolve' | 'acknowledge'; words: Lexicon }> = [
  { kind: 'follow-up', words: { zh: ['回访', '是否满意'], en: ['follow up', 'follow-up', 'check that you are satisfied', 'check you are satisfied', 'satisfied'] } },
  { kind: 'update', words: { zh: ['进展', '进度', '同步'], en: ['update', 'progress', 'the latest'] } },
  { kind: 'resolve', words: { zh: ['处理结果', '解决', '办好', '处理好', '修好', '退款', '退还', '到账', '恢复', '退回'], en: ['result', 'resolve', 'resolved', 'fix', 'fixed', 'sorted', 'refund', 'settle', 'settled', 'restored', 'repaired'] } },
  { kind: 'acknowledge', words: { zh: ['初步答复', '答复', '回复', '联系您', '与您联系', '跟您联系', '回电话', '回电'], en: ['first answer', 'get back to you', 'reply', 'contact you', 'answer', 'call you'] } },
];

/** Offering money (the amount is then held against the handler's limit). */
export const offerWords: Lexicon = {
  zh: ['赔', '赔偿', '补偿', '退', '退还', '退款', '返还', '报销', '减免', '抵扣', '给您', '补给您', '赔给您', '送您'],
  en: ['refund', 'compensate', 'compensation', 'reimburse', 'pay you', 'credit', 'give you', 'offer', 'waive', 'goodwill', 'back'],
};

/** Bringing in a superior: an amount beside these is asked for, not offered. */
export const escalationWords: Lexicon = {
  zh: ['请示', '上级', '领导', '主管', '经理', '负责人'],
  en: ['superior', 'supervisor', 'manager', 'ask my', 'approval', 'approve'],
};
