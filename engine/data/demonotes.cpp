// "What to look for" in each demo experiment, for a student, in English and Simplified Chinese. The window
// shows the text of its UI language beside the diagram (the experiment's "notes").

#include "engine/data/demodata.h"

#include <map>

namespace ts::engine {

nlohmann::json demoNotes(const std::string& demo)
{
    static const std::map<std::string, std::pair<const char*, const char*>> notes{
        {"finetune",
         {"Fine-tuning against training from scratch, on the same 50 labeled images: 10 each of sandals, shirts, "
          "sneakers, bags and ankle boots on colour Fashion-M. The network was first trained on 5000 labeled "
          "clothes images (T-shirts, trousers, pullovers, dresses, coats) with the same photo backgrounds. Watch "
          "the target accuracy: the fine-tuned run climbs much faster than the scratch baseline drawn behind it and "
          "passes scratch's final accuracy within about 6 to 12 of its 30 steps. The filters learned on clothes "
          "(edges, outlines, ignoring the background) "
          "serve shoes and bags too; scratch has to learn all of that from 50 images.",
          "在相同的 50 张有标签图像上比较微调与从零训练：彩色 Fashion-M 中凉鞋、衬衫、运动鞋、包和短靴各 10 张。"
          "网络先在 5000 张带相同照片背景的有标签服装图像（T 恤、裤子、套头衫、连衣裙、外套）上训练过。"
          "观察目标准确率：微调的曲线比画在后面的从零训练基线上升得快得多，在 30 步中的大约 6 到 12 "
          "步内就超过了从零训练的最终准确率。"
          "在服装上学到的滤波器（边缘、轮廓、忽略背景）对鞋和包同样有用；从零训练必须仅凭 50 张图像学会这一切。"}},
        {"finetune_frozen",
         {"The same fine-tuning with both convolutions frozen (hatched in the diagram), against fine-tuning every "
          "layer and against scratch. Freezing the first convolution costs nothing: its edge and colour filters are "
          "generic. Freezing both convolutions costs nothing here either, because 50 labels are too few to improve "
          "them. Now freeze everything but the head and run again: accuracy drops sharply, because fc1 and fc2 were "
          "trained to separate clothes. The deeper the layer, the more it belongs to its source task.",
          "同样的微调，但冻结两个卷积层（图中带斜线的块），并与训练全部层的微调和从零训练比较。"
          "冻结第一个卷积层没有损失：它的边缘和颜色滤波器是通用的。这里冻结两个卷积层同样没有损失，"
          "因为 50 个标签太少，无法改进它们。再试着冻结除输出头以外的所有层并重新运行：准确率大幅下降，"
          "因为 fc1 和 fc2 是为区分服装而训练的。层越深，就越属于它的源任务。"}},
        {"negative_transfer",
         {"A deliberate case where transfer does not help. Grey Fashion-MNIST: pretrained on clothes, then "
          "fine-tuned on 10 labels per class of shoes and bags. On plain grey images these five classes are easy: "
          "scratch reaches about 82 % from 50 labels, the clothes features add nothing it cannot learn itself, and "
          "fine-tuning ends lower in two seeds of three, 2.5 points on average (negative transfer). Compare with "
          "finetune.json, where photo "
          "backgrounds make the task hard enough that what the source taught pays off.",
          "一个刻意安排的迁移无益的例子。灰度 Fashion-MNIST：先在服装上预训练，再用鞋和包每类 10 个标签微调。"
          "在简单的灰度图像上这五类很容易：从零训练用 50 个标签就能达到约 82%，服装特征没有带来它自己学不到的东西，"
          "三个随机种子中有两个微调最后反而更低，平均低 2.5 个百分点（负迁移）。对比 "
          "finetune.json：那里的照片背景让任务足够难，源任务学到的东西才发挥作用。"}},
        {"scratch",
         {"The baseline of finetune.json: the same network trained from random weights on the same 50 labeled "
          "images. Every transfer strategy should beat this.",
          "finetune.json 的基线：同一个网络从随机权重开始，在同样的 50 "
          "张有标签图像上训练。任何迁移策略都应当超过它。"}},
        {"multitask",
         {"One trunk, two heads, trained together: task A (5000 labeled clothes) and task B (10 labels per class of "
          "shoes, bags and shirts), both on colour Fashion-M. The baseline trains task B alone for as many task-B "
          "steps. Watch task B's accuracy: from task A's many images the trunk learns to see through the photo "
          "backgrounds, and task B borrows those features. Seeds vary more than in single-task training: the two "
          "tasks compete for the trunk.",
          "一个共享主干、两个输出头，同时训练：任务 A（5000 张有标签的服装）和任务 B（鞋、包和衬衫每类 10 个标签），"
          "都在彩色 Fashion-M 上。基线只训练任务 B，任务 B 的步数相同。观察任务 B 的准确率：主干从任务 A "
          "的大量图像中学会透过照片背景看物体，任务 B 借用了这些特征。不同随机种子间的波动比单任务训练更大："
          "两个任务在争夺主干。"}},
        {"dann",
         {"Labeled grey Fashion-MNIST (source) and unlabeled colour Fashion-M (target: its labels are never used). "
          "The baseline, source only, trains on the grey images alone and is tested on the colour ones. Watch the "
          "target accuracy: it ends above source only (about 35 % against 26 %) without a single target label. "
          "Watch the domain classifier too (chance is 50 %): while lambda is small it learns to tell grey from "
          "colour (85-90 % after the first epochs); as the gradient reversal layer's weight grows, the features "
          "are pushed to make the two look alike and its accuracy falls back toward chance, to about 65-75 % by "
          "the end. The features become less domain-specific, though in this short run not fully "
          "domain-invariant.",
          "有标签的灰度 Fashion-MNIST（源域）和无标签的彩色 Fashion-M（目标域：从不使用它的标签）。"
          "基线“仅源域”只在灰度图像上训练，然后在彩色图像上测试。观察目标准确率：没有用到任何一个目标标签，"
          "它最终仍高于仅源域基线（约 35% 对 26%）。也观察领域分类器（随机猜测是 50%）：lambda 较小时，"
          "它学会区分灰度和彩色（前几个周期达到 85-90%）；随着梯度反转层的权重增大，特征被迫让两个领域看起来一样，"
          "它的准确率回落、向随机猜测靠近，到最后约为 65-75%。特征变得更少依赖领域，"
          "但在这次短训练中还没有完全做到与领域无关。"}},
        {"source_only",
         {"The baseline of dann.json: trained on labeled grey Fashion-MNIST, tested on colour Fashion-M without "
          "adapting. How far it falls below a network trained on colour images measures the domain shift.",
          "dann.json 的基线：在有标签的灰度 Fashion-MNIST 上训练，不做任何适应就在彩色 Fashion-M 上测试。"
          "它比在彩色图像上训练的网络低多少，就衡量了领域偏移有多大。"}},
        {"zeroshot",
         {"The network never sees a trouser, a pullover or a sandal. It learns to recognise attributes (has "
          "sleeves, is footwear, covers the legs, ...) on seven other classes, then names an image of an unseen "
          "class by the class whose attribute row fits best. Chance is 33 % (three unseen classes). The attribute "
          "table does for classes what phonemes do for words in speech recognition: a new word is recognised from "
          "sounds already known. Then open Results, Feature projection: the unseen classes (triangles) gather "
          "beside the seen classes that share their attributes, sandals beside sneakers and ankle boots, trousers "
          "beside dresses.",
          "网络从未见过裤子、套头衫或凉鞋。它在另外七个类别上学习识别属性（有袖子、是鞋类、遮盖腿部……），"
          "然后把未见类别的图像归为属性行最匹配的那个类别。随机猜测是 33%（三个未见类别）。"
          "属性表对类别的作用，就像语音识别中音素对单词的作用：新词由已经认识的声音识别出来。"
          "然后打开“结果”中的“特征投影”：未见类别（三角形）聚集在与它们属性相同的已见类别旁边，"
          "凉鞋靠近运动鞋和短靴，裤子靠近连衣裙。"}},
        {"selftaught",
         {"The network learns features from unlabeled clothes images by predicting how far each one was turned "
          "(0, 90, 180 or 270 degrees); their labels are never read. To answer, it has to find the collar, the "
          "sleeves or the hem, so its convolution filters learn shapes. A linear classifier then reads the second "
          "convolution's features and is fitted with only 10 labels per class of shoes, bags and shirts. Two "
          "baselines run beside it: the same network trained from scratch on the 10 labels, and a linear "
          "classifier on raw pixels. Compare the final accuracies: the rotation features end about 3 points above "
          "raw pixels and about 5 above scratch, and with 5 labels per class the gap grows. Try representation "
          "'autoencoder': rebuilding every pixel teaches less about shape, and it ends no better than the pixels.",
          "网络通过预测无标签服装图像被旋转了多少度（0、90、180 或 270 度）来学习特征，从不读取它们的标签。"
          "要答对，它必须找到领口、袖子或下摆，所以卷积滤波器学到的是形状。然后一个线性分类器读取第二个卷积层的特征，"
          "只用鞋、包和衬衫每类 10 个标签进行拟合。旁边运行两个基线：同一网络只用这 10 个标签从零训练，以及原始像素上的"
          "线性分类器。比较最终准确率：旋转特征比原始像素高约 3 个百分点，比从零训练高约 5 个百分点；每类只有 5 "
          "个标签时"
          "差距更大。试试把 representation 改为 "
          "“autoencoder”：重建每个像素学到的形状信息更少，结果并不比原始像素好。"}},
        {"selftaught_clustering",
         {"No labels at all. The network learns features from unlabeled clothes by predicting their rotation, then "
          "k-means groups 1000 shoe and bag images into 5 clusters on the second convolution's features (each "
          "feature standardised). The results table compares NMI, ARI and cluster accuracy with k-means on raw "
          "pixels, on pixels standardised the same way, and on the same rotation features learned from the target "
          "images alone; the labels only score the clusters. The features learned on clothes cluster shoes and "
          "bags clearly better than pixels (about 0.08 NMI): shapes learned on one set of classes help to group "
          "another. Learned from the 1000 target images alone, the same method is no better than pixels: the "
          "plentiful unlabeled source is what helps.",
          "完全不用标签。网络通过预测无标签服装图像的旋转角度来学习特征，然后 k-means 在第二个卷积层的特征（每个特征"
          "都已标准化）上把 1000 张鞋和包的图像分成 5 个簇。结果表把 NMI、ARI 和聚类准确率与三种基线比较：原始像素上的"
          " k-means、同样标准化后的像素，以及只在目标图像上学到的同一种旋转特征；标签只用于给聚类打分。在服装上学到的"
          "特征对鞋和包的聚类明显好于像素（NMI 高约 0.08）：在一组类别上学到的形状有助于对另一组类别分组。"
          "只用这 1000 张目标图像学习时，同样的方法并不比像素好：起作用的是大量无标签的源数据。"}},
    };
    const auto it = notes.find(demo);
    if (it == notes.end())
        return nlohmann::json::object();
    return {{"en", it->second.first}, {"zh_CN", it->second.second}};
}

} // namespace ts::engine
