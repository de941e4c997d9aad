#include "engine/nn/gradientreversal.h"

#include "engine/core/errors.h"

#include <torch/torch.h>

#include <cmath>

namespace ts::engine {

namespace {

// Identity forward, -lambda * grad backward. The forward clones its input so that the output is not a
// view of it; in-place operations of later layers then cannot touch the feature extractor's tensor.
struct GradReverse : public torch::autograd::Function<GradReverse> {
    static torch::Tensor forward(torch::autograd::AutogradContext* ctx, const torch::Tensor& x, double lambda)
    {
        ctx->saved_data["lambda"] = lambda;
        return x.clone();
    }

    static torch::autograd::tensor_list backward(torch::autograd::AutogradContext* ctx,
                                                 torch::autograd::tensor_list gradOutputs)
    {
        const double lambda = ctx->saved_data["lambda"].toDouble();
        // One gradient per forward input: x, then none for the double lambda.
        return {gradOutputs[0] * (-lambda), torch::Tensor()};
    }
};

} // namespace

torch::Tensor gradientReversal(const torch::Tensor& x, double lambda)
{
    return GradReverse::apply(x, lambda);
}

double paperLambda(double progress, double gamma, double lambdaMax)
{
    return lambdaMax * (2.0 / (1.0 + std::exp(-gamma * progress)) - 1.0);
}

double scheduledLambda(const std::string& schedule, double progress, double gamma, double lambdaMax)
{
    if (schedule == "paper")
        return paperLambda(progress, gamma, lambdaMax);
    if (schedule == "constant")
        return lambdaMax;
    throw InputError("dann.schedule must be 'paper' or 'constant', got '" + schedule + "'");
}

double annealedLrFactor(double progress, double alpha, double beta)
{
    return 1.0 / std::pow(1.0 + alpha * progress, beta);
}

} // namespace ts::engine
