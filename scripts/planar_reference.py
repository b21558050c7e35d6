#!/usr/bin/python3
"""The course's planar network in numpy, for comparing `go run ./examples/planar` with numpy on this machine.

    /usr/bin/python3 scripts/planar_reference.py

Prints the cost every 1000 iterations and the training accuracy for n_h = 4, 10000 iterations. Nothing is
generated from it; the Go test compares with the course's published table (shared/cases/w3a1.md).
"""
import numpy as np

from planar_numpy import flower
def sig(x): return 1/(1+np.exp(-x))
def model(X,Y,nh,it,pr):
    np.random.seed(3)
    W1=np.random.randn(nh,2)*0.01; b1=np.zeros((nh,1)); W2=np.random.randn(1,nh)*0.01; b2=np.zeros((1,1))
    m=X.shape[1]
    for i in range(it):
        Z1=np.dot(W1,X)+b1; A1=np.tanh(Z1); Z2=np.dot(W2,A1)+b2; A2=sig(Z2)
        if pr and i%1000==0:
            lp=np.multiply(np.log(A2),Y)+np.multiply((1-Y),np.log(1-A2)); print(i, "%f"%float(np.squeeze(-np.sum(lp)/m)))
        dZ2=A2-Y; dW2=(1/m)*np.dot(dZ2,A1.T); db2=(1/m)*np.sum(dZ2,axis=1,keepdims=True)
        dZ1=np.dot(W2.T,dZ2)*(1-np.power(A1,2)); dW1=(1/m)*np.dot(dZ1,X.T); db1=(1/m)*np.sum(dZ1,axis=1,keepdims=True)
        W1=W1-1.2*dW1; b1=b1-1.2*db1; W2=W2-1.2*dW2; b2=b2-1.2*db2
    A2=sig(np.dot(W2,np.tanh(np.dot(W1,X)+b1))+b2)
    return float((np.dot(Y,(A2>0.5).T)+np.dot(1-Y,1-(A2>0.5).T))/Y.size*100)
X,Y=flower()
print("acc", model(X,Y,4,10000,True))
