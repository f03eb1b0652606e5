/**
 * Material for realistic real names: common Chinese surnames (most frequent first) and
 * given-name characters, each with its pinyin for handles.
 */
export const SURNAMES: ReadonlyArray<[hanzi: string, pinyin: string]> = [
  ['王', 'wang'], ['李', 'li'], ['张', 'zhang'], ['刘', 'liu'], ['陈', 'chen'], ['杨', 'yang'], ['黄', 'huang'],
  ['赵', 'zhao'], ['吴', 'wu'], ['周', 'zhou'], ['徐', 'xu'], ['孙', 'sun'], ['马', 'ma'], ['朱', 'zhu'],
  ['胡', 'hu'], ['郭', 'guo'], ['何', 'he'], ['高', 'gao'], ['林', 'lin'], ['罗', 'luo'], ['郑', 'zheng'],
  ['梁', 'liang'], ['谢', 'xie'], ['宋', 'song'], ['唐', 'tang'], ['许', 'xu'], ['韩', 'han'], ['冯', 'feng'],
  ['邓', 'deng'], ['曹', 'cao'], ['彭', 'peng'], ['曾', 'zeng'], ['肖', 'xiao'], ['田', 'tian'], ['董', 'dong'],
  ['袁', 'yuan'], ['潘', 'pan'], ['于', 'yu'], ['蒋', 'jiang'], ['蔡', 'cai'], ['余', 'yu'], ['杜', 'du'],
  ['叶', 'ye'], ['程', 'cheng'], ['苏', 'su'], ['魏', 'wei'], ['吕', 'lv'], ['丁', 'ding'], ['任', 'ren'],
  ['沈', 'shen'], ['姚', 'yao'], ['卢', 'lu'], ['姜', 'jiang'], ['崔', 'cui'], ['钟', 'zhong'], ['谭', 'tan'],
  ['陆', 'lu'], ['汪', 'wang'], ['范', 'fan'], ['金', 'jin'], ['石', 'shi'], ['廖', 'liao'], ['贾', 'jia'],
  ['夏', 'xia'], ['韦', 'wei'], ['付', 'fu'], ['方', 'fang'], ['白', 'bai'], ['邹', 'zou'], ['孟', 'meng'],
];

export const GIVEN_CHARACTERS: ReadonlyArray<[hanzi: string, pinyin: string]> = [
  ['伟', 'wei'], ['芳', 'fang'], ['娜', 'na'], ['敏', 'min'], ['静', 'jing'], ['丽', 'li'], ['强', 'qiang'],
  ['磊', 'lei'], ['军', 'jun'], ['洋', 'yang'], ['勇', 'yong'], ['艳', 'yan'], ['杰', 'jie'], ['娟', 'juan'],
  ['涛', 'tao'], ['明', 'ming'], ['超', 'chao'], ['秀', 'xiu'], ['霞', 'xia'], ['平', 'ping'], ['刚', 'gang'],
  ['桂', 'gui'], ['英', 'ying'], ['华', 'hua'], ['玉', 'yu'], ['萍', 'ping'], ['红', 'hong'], ['鹏', 'peng'],
  ['辉', 'hui'], ['建', 'jian'], ['国', 'guo'], ['文', 'wen'], ['斌', 'bin'], ['宇', 'yu'], ['浩', 'hao'],
  ['凯', 'kai'], ['健', 'jian'], ['俊', 'jun'], ['帆', 'fan'], ['婷', 'ting'], ['雪', 'xue'], ['琳', 'lin'],
  ['晨', 'chen'], ['欣', 'xin'], ['佳', 'jia'], ['怡', 'yi'], ['梦', 'meng'], ['涵', 'han'], ['子', 'zi'],
  ['轩', 'xuan'], ['博', 'bo'], ['然', 'ran'], ['思', 'si'], ['雨', 'yu'], ['嘉', 'jia'], ['泽', 'ze'],
  ['一', 'yi'], ['诺', 'nuo'], ['梓', 'zi'], ['晴', 'qing'], ['瑶', 'yao'], ['悦', 'yue'], ['宁', 'ning'],
  ['安', 'an'], ['航', 'hang'], ['昊', 'hao'], ['睿', 'rui'], ['哲', 'zhe'], ['阳', 'yang'], ['晓', 'xiao'],
  ['海', 'hai'], ['波', 'bo'], ['慧', 'hui'], ['颖', 'ying'], ['倩', 'qian'], ['蕾', 'lei'], ['鑫', 'xin'],
];

export const CITIES: readonly string[] = [
  'Hangzhou', 'Shanghai', 'Beijing', 'Shenzhen', 'Guangzhou', 'Chengdu', 'Wuhan', 'Nanjing', "Xi'an",
  'Suzhou', 'Chongqing', 'Tianjin', 'Xiamen', 'Qingdao', 'Kunming', 'Changsha',
];
